// The desktop parse worker on its own: the bundle esbuild makes of src/host/parseWorker.ts,
// fed the real recording in chunks under the host's credit protocol, must hand back (by
// transfer) the same tables as parsing in-process; terminating it mid-file ends it at once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaptureModel } from '../../src/view/captureModel';
import { parseChunks } from '../../src/host/parseCapture';
import { CHUNKS_IN_FLIGHT, type HostToWorker, type ParseWorkerData, type WorkerToHost } from '../../src/host/parseWorkerMessages';
import { CORPUS, HAS_SHARED, REPO_ROOT, requireOrSkip } from '../support/shared';

const PCAPNG = path.join(CORPUS, 'real', 'zero-window-sndbuf-full', 'capture.pcapng');
const CHUNK = 4096;

describe.runIf(requireOrSkip('../shared corpus', HAS_SHARED))('parse worker', () => {
  let dir: string;
  let script: string;
  const bytes = HAS_SHARED ? new Uint8Array(readFileSync(PCAPNG)) : new Uint8Array(0);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sockscope-worker-'));
    script = path.join(dir, 'parseWorker.js');
    await esbuild.build({
      entryPoints: [path.join(REPO_ROOT, 'src/host/parseWorker.ts')],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'es2022',
      logLevel: 'warning',
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function start(): { worker: Worker; messages: WorkerToHost[]; send(from: number): number } {
    const data: ParseWorkerData = { fileName: 'capture.pcapng', total: bytes.length };
    const worker = new Worker(script, { workerData: data });
    const messages: WorkerToHost[] = [];
    worker.on('message', (m: WorkerToHost) => messages.push(m));
    // Sends the chunk at `from` (a fresh copy, transferred as the host does), or `end` past the
    // last byte; returns the next offset, or -1 once `end` was sent.
    const send = (from: number): number => {
      if (from >= bytes.length) {
        worker.postMessage({ type: 'end' } satisfies HostToWorker);
        return -1;
      }
      const msg: HostToWorker = { type: 'chunk', bytes: bytes.slice(from, from + CHUNK) };
      worker.postMessage(msg, [msg.bytes.buffer as ArrayBuffer]);
      return from + CHUNK;
    };
    return { worker, messages, send };
  }

  test('chunks sent under the credit limit come back as the same tables, transferred', async () => {
    const { worker, messages, send } = start();
    let at = 0;
    let inFlight = 0;
    const model = await new Promise<CaptureModel>((resolve, reject) => {
      const pump = (): void => {
        while (inFlight < CHUNKS_IN_FLIGHT && at >= 0) {
          at = send(at);
          inFlight++;
        }
      };
      worker.on('message', (m: WorkerToHost) => {
        if (m.type === 'consumed') {
          inFlight--;
          pump();
        } else if (m.type === 'done') resolve(m.model);
        else if (m.type === 'failed') reject(new Error(m.message));
      });
      worker.on('error', reject);
      pump();
    });
    await worker.terminate();
    async function* whole(): AsyncGenerator<Uint8Array> {
      yield bytes;
    }
    const local = await parseChunks('capture.pcapng', whole(), { onProgress: () => undefined });
    expect(model.table.count).toBe(local.table.count);
    expect(model.table.format).toBe('pcapng');
    expect(Array.from(model.table.seq)).toEqual(Array.from(local.table.seq));
    expect(model.analysis.flows.map((f) => Array.from(f.rows))).toEqual(local.analysis.flows.map((f) => Array.from(f.rows)));
    expect(model.findings).toEqual(local.findings);
    expect(messages.some((m) => m.type === 'progress')).toBe(true);
  });

  test('terminating the worker mid-file stops it without a result', async () => {
    const { worker, messages, send } = start();
    const firstConsumed = new Promise<void>((resolve) =>
      worker.on('message', (m: WorkerToHost) => m.type === 'consumed' && resolve()),
    );
    send(send(0));
    await firstConsumed;
    const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
    await worker.terminate();
    expect(await exited).toBe(1);
    expect(messages.some((m) => m.type === 'done' || m.type === 'failed')).toBe(false);
  });
});
