// The mirror provider against a stub HTTP server on 127.0.0.1 (never the internet): fetches only
// allowed files, caches them, caps sizes, and falls back with a clear message when offline.
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cliIo';
import { runCli } from '../../src/cli/main';
import { parseKernelVersion } from '../../src/core/kernel/links';
import { ProviderUnavailable } from '../../src/core/kernel/sourceProvider';
import { collectStageExcerpts } from '../../src/core/kernel/stageExcerpts';
import { checkMirrorTemplate, mirrorProvider } from '../../src/io/kernel/mirrorProvider';

// Our own imitation of a timer file: the keepalive timer and the error path, line numbers known.
const TIMER_C = [
  '/* stub timer file served by the test mirror */', // 1
  'static void tcp_write_err(struct sock *sk)', // 2
  '{', // 3
  '\tsk->sk_err = sk->sk_err_soft ? : ETIMEDOUT;', // 4
  '}', // 5
  '', // 6
  'static void tcp_keepalive_timer(struct timer_list *t)', // 7
  '{', // 8
  '\tif (!sock_flag(sk, SOCK_KEEPOPEN))', // 9
  '\t\tgoto out;', // 10
  '\telapsed = keepalive_time_when(tp);', // 11
  '\tif (icsk->icsk_probes_out >= keepalive_probes(tp)) {', // 12
  '\t\ttcp_write_err(sk);', // 13
  '\t}', // 14
  '\tif (tcp_write_wakeup(sk, LINUX_MIB_TCPKEEPALIVE) <= 0)', // 15
  '\t\telapsed = keepalive_intvl_when(tp);', // 16
  'out:', // 17
  '\treturn;', // 18
  '}', // 19
].join('\n');

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/v6.1/net/ipv4/tcp_timer.c') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(TIMER_C);
    } else if (req.url === '/v6.1/net/ipv4/tcp_output.c') {
      res.writeHead(200);
      res.end('x'.repeat(5000)); // larger than the test's cap
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const v61 = parseKernelVersion('6.1')!;
const allowList = ['net/ipv4/tcp_timer.c', 'net/ipv4/tcp_output.c'];
const freshCache = () => mkdtempSync(path.join(os.tmpdir(), 'sockscope-mirror-'));

describe('mirror provider', () => {
  it('fetches an allowed file, caches it, and serves the cache without the network next time', async () => {
    const cacheDir = freshCache();
    const online = mirrorProvider({ version: v61, template: `${base}/{tag}/{path}`, cacheDir, allowNetwork: true, allowList });
    const got = await online.read('net/ipv4/tcp_timer.c');
    expect(got?.text).toBe(TIMER_C);
    expect(got?.origin).toBe(`${base}/v6.1/net/ipv4/tcp_timer.c`);
    expect(existsSync(path.join(cacheDir, 'v6.1/net/ipv4/tcp_timer.c'))).toBe(true);

    const before = requests.length;
    const offline = mirrorProvider({ version: v61, template: `${base}/{tag}/{path}`, cacheDir, allowNetwork: false, allowList });
    expect((await offline.read('net/ipv4/tcp_timer.c'))?.text).toBe(TIMER_C);
    expect(requests.length).toBe(before);
  });

  it('never asks for a file outside the allow-list, and treats 404 as "not in this version"', async () => {
    const p = mirrorProvider({ version: v61, template: `${base}/{tag}/{path}`, cacheDir: freshCache(), allowNetwork: true, allowList: [...allowList, 'net/core/stream.c'] });
    const before = requests.length;
    expect(await p.read('../../etc/passwd')).toBeUndefined();
    expect(requests.length).toBe(before);
    expect(await p.read('net/core/stream.c')).toBeUndefined();
    expect(requests.at(-1)).toBe('/v6.1/net/core/stream.c');
  });

  it('stops a download at the size cap', async () => {
    const p = mirrorProvider({ version: v61, template: `${base}/{tag}/{path}`, cacheDir: freshCache(), allowNetwork: true, allowList, maxBytes: 1000 });
    await expect(p.read('net/ipv4/tcp_output.c')).rejects.toThrow(/1000-byte limit/);
  });

  it('without permission, or when the mirror is unreachable, says so instead of hanging', async () => {
    const denied = mirrorProvider({ version: v61, template: `${base}/{tag}/{path}`, cacheDir: freshCache(), allowNetwork: false, allowList });
    await expect(denied.read('net/ipv4/tcp_timer.c')).rejects.toThrow(ProviderUnavailable);

    // A port nobody listens on: connection refused at once.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = mirrorProvider({ version: v61, template: `http://127.0.0.1:${port}/{tag}/{path}`, cacheDir: freshCache(), allowNetwork: true, allowList, timeoutMs: 2000 });
    await expect(unreachable.read('net/ipv4/tcp_timer.c')).rejects.toThrow(/could not reach 127\.0\.0\.1:\d+.*offline\?/);
  });

  it('refuses plain http to anything but this machine', () => {
    expect(checkMirrorTemplate('http://example.org/{tag}/{path}')).toMatch(/https/);
    expect(checkMirrorTemplate('https://example.org/{tag}/{path}')).toBeUndefined();
    expect(checkMirrorTemplate('http://127.0.0.1:8080/{tag}/{path}')).toBeUndefined();
  });

  it('feeds stage excerpts with the mirror named as provider and line-exact links', async () => {
    const p = mirrorProvider({ version: v61, template: `${base}/{tag}/{path}`, cacheDir: freshCache(), allowNetwork: true, allowList, maxBytes: 1000 });
    const result = await collectStageExcerpts('keepalive', [p], { version: v61 });
    expect(result.provider).toBe('mirror');
    const timer = result.excerpts.find((e) => e.function === 'tcp_keepalive_timer')!;
    expect(timer).toMatchObject({ startLine: 7, endLine: 19, file: 'net/ipv4/tcp_timer.c' });
    expect(Object.fromEntries(timer.anchors.map((a) => [a.id, a.line]))).toEqual({
      keepopen: 9,
      time_when: 11,
      probes: 12,
      abort: 13,
      send_probe: 15,
      intvl: 16,
    });
    expect(result.excerpts.find((e) => e.function === 'tcp_write_err')?.anchors[0]).toMatchObject({ id: 'etimedout', line: 4 });
    expect(result.links).toContainEqual(expect.objectContaining({ function: 'tcp_keepalive_timer', line: 7, url: 'https://elixir.bootlin.com/linux/v6.1/source/net/ipv4/tcp_timer.c#L7' }));
    // tcp_output.c was over the cap: tcp_write_wakeup is missing, with a notice, not a crash.
    expect(result.missing.map((m) => m.function)).toEqual(['tcp_write_wakeup']);
  });

  it('is what `sockscope excerpt --allow-network` uses when no tree has the file', async () => {
    let out = '';
    const cacheDir = freshCache();
    const io: CliIo = {
      out: (t) => (out += t),
      err: () => undefined,
      env: { SOCKSCOPE_KERNEL_DIRS: '', SOCKSCOPE_KERNEL_CACHE: cacheDir, SOCKSCOPE_KERNEL_MIRROR: `${base}/{tag}/{path}` },
      cwd: cacheDir,
    };
    expect(await runCli(['excerpt', 'keepalive', '--version', '6.1', '--allow-network', '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(out) as { provider: string; excerpts: { function: string; startLine: number }[] };
    expect(json.provider).toBe('mirror');
    expect(json.excerpts.find((e) => e.function === 'tcp_keepalive_timer')?.startLine).toBe(7);
  });
});
