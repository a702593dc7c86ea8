// The desktop parse worker on its own: the bundle esbuild makes of src/host/parseWorker.ts,
// fed the real recording in chunks under the host's credit protocol, must hand back the same
// tables as parsing in-process: first the table and flows in shared memory (`flows`) and their
// per-segment analysis (`analysis`), then the findings (`findings`); with `analyseElsewhere` the
// analysis comes from the analysis worker (src/host/analysisWorker.ts) instead; the host's side
// (runWorker) calls onFlows and onAnalysis before it resolves; the in-thread pipeline of the web
// host hands over the flows before it diagnoses; terminating the worker mid-file ends it at once.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CaptureModel, FlowsModel } from '../../src/view/captureModel';
import type { FlowAnalysis } from '../../src/core/flows/types';
import { parseChunks } from '../../src/host/parseCapture';
import { runWorker } from '../../src/host/runParseWorker';
import { plainFlow } from '../support/plainFlow';
import { diagnose } from '../../src/core/diagnosis';
import { analyzeFlows } from '../../src/core/flows';
import { CHUNKS_IN_FLIGHT, FILE_CHUNK_BYTES, unpackGrouping, type HostToWorker, type ParseWorkerData, type WorkerToHost } from '../../src/host/parseWorkerMessages';
import { CORPUS, HAS_SHARED, REPO_ROOT, requireOrSkip } from '../support/shared';

const PCAPNG = path.join(CORPUS, 'real', 'zero-window-sndbuf-full', 'capture.pcapng');
const CHUNK = 4096;
/** The largest recording, about 2 MB: three times its packets make a file longer than one of the worker's reads. */
const BIG_PCAP = path.join(CORPUS, 'real', 'stuck-direction-after-outage', 'capture.pcap');

describe.runIf(requireOrSkip('../shared corpus', HAS_SHARED))('parse worker', () => {
  let dir: string;
  let script: string;
  let analysisScript: string;
  const bytes = HAS_SHARED ? new Uint8Array(readFileSync(PCAPNG)) : new Uint8Array(0);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sockscope-worker-'));
    script = path.join(dir, 'parseWorker.js');
    analysisScript = path.join(dir, 'analysisWorker.js');
    for (const [entry, outfile] of [
      ['src/host/parseWorker.ts', script],
      ['src/host/analysisWorker.ts', analysisScript],
    ]) {
      await esbuild.build({
        entryPoints: [path.join(REPO_ROOT, entry)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'es2022',
        logLevel: 'warning',
      });
    }
  });
  /** Callbacks for a run whose steps the test does not look at. */
  const quiet = { onProgress: () => undefined, onFlows: () => undefined, onAnalysis: () => undefined };
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

  async function* whole(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }

  test('chunks sent under the credit limit come back as the flows in shared memory, then the findings', async () => {
    const { worker, messages, send } = start();
    let at = 0;
    let inFlight = 0;
    const model = await new Promise<CaptureModel>((resolve, reject) => {
      let flows: FlowsModel | undefined;
      let analysis: FlowAnalysis | undefined;
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
        } else if (m.type === 'flows') flows = { table: m.table, analysis: unpackGrouping(m.grouping), findings: [] };
        else if (m.type === 'analysis') analysis = flows && { ...flows.analysis, ...m.columns };
        else if (m.type === 'findings') {
          if (flows && analysis) resolve({ ...flows, analysis, findings: m.findings });
          else reject(new Error('findings before flows and their analysis'));
        }
        else if (m.type === 'failed') reject(new Error(m.message));
      });
      worker.on('error', reject);
      pump();
    });
    await worker.terminate();
    const local = await parseChunks('capture.pcapng', whole(), { onProgress: () => undefined });
    expect(model.table.count).toBe(local.table.count);
    expect(model.table.format).toBe('pcapng');
    expect(Array.from(model.table.seq.subarray(0, model.table.count))).toEqual(Array.from(local.table.seq.subarray(0, local.table.count)));
    // Every Flow record arrives whole (packed into columns and unpacked), rows included.
    expect(model.analysis.flows.map(plainFlow)).toEqual(local.analysis.flows);
    expect(Array.from(model.analysis.flags.subarray(0, model.table.count))).toEqual(Array.from(local.analysis.flags.subarray(0, local.table.count)));
    expect(model.findings.length).toBeGreaterThan(0);
    expect(model.findings).toEqual(local.findings);
    // The same findings as the core's one-shot pipeline on the whole file.
    const oneShot = analyzeFlows(local.table);
    expect(model.findings).toEqual(diagnose(local.table, oneShot));

    // The order: reading progress, `flows` (shared, so nothing was copied or transferred away
    // from the worker) and their `analysis` (no table for an analysis worker: none was asked
    // for), a `diagnosing` progress, and `findings` last.
    const kinds = messages.filter((m) => m.type !== 'consumed').map((m) => (m.type === 'progress' ? `progress:${m.progress.phase}` : m.type));
    const flowsAt = kinds.indexOf('flows');
    expect(kinds.slice(0, flowsAt)).toContain('progress:reading');
    expect(kinds.slice(flowsAt + 1)).toEqual(['analysis', 'progress:diagnosing', 'findings']);
    expect(kinds).not.toContain('table');
    const flowsMsg = messages.find((m) => m.type === 'flows');
    const analysisMsg = messages.find((m) => m.type === 'analysis');
    if (flowsMsg?.type !== 'flows' || analysisMsg?.type !== 'analysis') throw new Error('no flows or analysis message');
    expect(flowsMsg.shared).toBe(true);
    expect(flowsMsg.table.seq.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(analysisMsg.columns.flags.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(flowsMsg.grouping.flows.rows.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(model.analysis.flows[0].rows.buffer).toBeInstanceOf(SharedArrayBuffer);
    // The flows go out as the grouping alone: the analysis columns travel once, in `analysis`.
    expect(Object.keys(flowsMsg.grouping).sort()).toEqual(['dirOf', 'flowOf', 'flows']);
    // Once the format is known, each chunk's memory goes back to the host to be read into again.
    const returned = messages.filter((m) => m.type === 'consumed' && m.buffer !== undefined);
    expect(returned.length).toBeGreaterThan(messages.filter((m) => m.type === 'consumed').length / 2);
    expect(returned.every((m) => m.type === 'consumed' && (m.buffer?.byteLength ?? 0) > 0 && (m.buffer?.byteLength ?? 0) <= CHUNK)).toBe(true);
  });

  test('gzip input: the same findings, and no chunk memory is handed back (the inflater may hold it)', async () => {
    const gz = new Uint8Array(gzipSync(bytes));
    const data: ParseWorkerData = { fileName: 'capture.pcapng.gz', total: gz.length };
    const worker = new Worker(script, { workerData: data });
    const handedBack: Uint8Array[] = [];
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < gz.length; at += CHUNK) yield gz.slice(at, at + CHUNK);
    }
    const never = { onCancellationRequested: () => ({ dispose: () => undefined }) };
    try {
      const model = await runWorker(worker, chunks(), 'capture.pcapng.gz', never, quiet, (b) => handedBack.push(b));
      const local = await parseChunks('capture.pcapng', whole(), { onProgress: () => undefined });
      expect(model.findings).toEqual(local.findings);
      expect(model.table.count).toBe(local.table.count);
      expect(handedBack).toEqual([]);
    } finally {
      await worker.terminate();
    }
  });

  test('a local file is read by the worker itself: nothing streamed, the same tables and findings, plain or gzip', async () => {
    const gzFile = path.join(dir, 'capture.pcapng.gz');
    writeFileSync(gzFile, gzipSync(bytes));
    const never = { onCancellationRequested: () => ({ dispose: () => undefined }) };
    const local = await parseChunks('capture.pcapng', whole(), { onProgress: () => undefined });
    for (const file of [PCAPNG, gzFile]) {
      const data: ParseWorkerData = { fileName: path.basename(file), total: statSync(file).size, path: file };
      const worker = new Worker(script, { workerData: data });
      const phases: string[] = [];
      try {
        async function* nothing(): AsyncGenerator<Uint8Array> {}
        const model = await runWorker(worker, nothing(), data.fileName, never, { ...quiet, onProgress: (p) => phases.push(p.phase) });
        expect(model.table.count, file).toBe(local.table.count);
        expect(Array.from(model.table.seq.subarray(0, model.table.count)), file).toEqual(Array.from(local.table.seq.subarray(0, local.table.count)));
        expect(model.findings, file).toEqual(local.findings);
        expect(phases, file).toContain('reading');
      } finally {
        await worker.terminate();
      }
    }
    // A file that cannot be read fails the parse with the reason, naming the path.
    const worker = new Worker(script, { workerData: { fileName: 'missing.pcap', total: 0, path: path.join(dir, 'missing.pcap') } satisfies ParseWorkerData });
    try {
      async function* nothing(): AsyncGenerator<Uint8Array> {}
      await expect(runWorker(worker, nothing(), 'missing.pcap', never, quiet)).rejects.toThrow(/missing\.pcap/);
    } finally {
      await worker.terminate();
    }
  });

  test('a local file longer than one read comes out whole across the chunk boundaries', async () => {
    // Plain input: the worker reads the next chunk into the buffer the reader was given before,
    // so records across a boundary must come out whole. The largest recording's packets three
    // times over, after one file header, make a file longer than one read.
    const pcap = new Uint8Array(readFileSync(BIG_PCAP));
    const records = pcap.subarray(24);
    const big = new Uint8Array(24 + records.length * 3);
    big.set(pcap);
    big.set(records, 24 + records.length);
    big.set(records, 24 + records.length * 2);
    expect(big.length).toBeGreaterThan(FILE_CHUNK_BYTES);
    const bigFile = path.join(dir, 'big.pcap');
    writeFileSync(bigFile, big);
    async function* bigWhole(): AsyncGenerator<Uint8Array> {
      yield big;
    }
    const local = await parseChunks('big.pcap', bigWhole(), { onProgress: () => undefined });
    const data: ParseWorkerData = { fileName: 'big.pcap', total: big.length, path: bigFile };
    const worker = new Worker(script, { workerData: data });
    const never = { onCancellationRequested: () => ({ dispose: () => undefined }) };
    try {
      async function* nothing(): AsyncGenerator<Uint8Array> {}
      const model = await runWorker(worker, nothing(), 'big.pcap', never, quiet);
      expect(model.table.count).toBe(local.table.count);
      expect(Array.from(model.table.seq.subarray(0, model.table.count))).toEqual(Array.from(local.table.seq.subarray(0, local.table.count)));
      expect(Array.from(model.table.len.subarray(0, model.table.count))).toEqual(Array.from(local.table.len.subarray(0, local.table.count)));
      expect(model.findings).toEqual(local.findings);
    } finally {
      await worker.terminate();
    }
  });

  test('the host side calls onFlows once, before it resolves with the same tables and the findings', async () => {
    const data: ParseWorkerData = { fileName: 'capture.pcapng', total: bytes.length };
    const worker = new Worker(script, { workerData: data });
    const events: string[] = [];
    let flows: FlowsModel | undefined;
    let analysis: FlowAnalysis | undefined;
    // Read as the desktop host reads a file: into buffers the worker hands back when it can.
    const spare: Uint8Array[] = [];
    let fresh = 0;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += 8192) {
        const n = Math.min(8192, bytes.length - at);
        let buffer = spare.pop();
        if (!buffer) {
          buffer = new Uint8Array(8192);
          fresh++;
        }
        buffer.set(bytes.subarray(at, at + n));
        yield n === 8192 ? buffer : buffer.slice(0, n);
      }
    }
    const never = { onCancellationRequested: () => ({ dispose: () => undefined }) };
    try {
      const callbacks = {
        onProgress: (p: { phase: string }) => events.push(p.phase),
        onFlows: (m: FlowsModel, info: { sharedMemory: boolean }) => {
          events.push(`flows shared=${info.sharedMemory} findings=${m.findings.length}`);
          flows = m;
        },
        onAnalysis: (a: FlowAnalysis) => {
          events.push('analysis');
          analysis = a;
        },
      };
      const model = await runWorker(worker, chunks(), 'capture.pcapng', never, callbacks, (b) => spare.push(b));
      events.push('resolved');
      expect(events.filter((e) => e.startsWith('flows'))).toEqual(['flows shared=true findings=0']);
      expect(events.slice(-4)).toEqual(['flows shared=true findings=0', 'analysis', 'diagnosing', 'resolved']);
      expect(model.table).toBe(flows?.table);
      expect(model.analysis).toBe(analysis);
      expect(model.analysis.flows).toBe(flows?.analysis.flows);
      expect(model.findings.length).toBeGreaterThan(0);
      const local = await parseChunks('capture.pcapng', whole(), { onProgress: () => undefined });
      expect(model.findings).toEqual(local.findings);
      expect(Array.from(model.table.ack.subarray(0, model.table.count))).toEqual(Array.from(local.table.ack.subarray(0, local.table.count)));
      // A handful of buffers went round, not one per chunk.
      expect(fresh).toBeLessThanOrEqual(CHUNKS_IN_FLIGHT + 2);
    } finally {
      await worker.terminate();
    }
  });

  /** A worker running `script` whose last message to the host (`analysis`, `findings`) is held back 500 ms. */
  const heldBack = (script: string, workerData?: ParseWorkerData): Worker =>
    new Worker(
      `const { parentPort } = require('node:worker_threads');
       const post = parentPort.postMessage.bind(parentPort);
       parentPort.postMessage = (m, t) => (m.type === 'analysis' || m.type === 'findings' ? setTimeout(() => post(m, t), 500) : post(m, t));
       require(${JSON.stringify(script)});`,
      { eval: true, workerData },
    );

  // Either worker may end, its work done, before the other has answered.
  test.each(['prompt', 'analysis held back', 'parse held back'])('with an analysis worker (%s): the parse worker sends the table and the grouping, the analysis worker the same analysis as one pass', async (pace) => {
    const data: ParseWorkerData = { fileName: 'capture.pcapng', total: bytes.length, path: PCAPNG, analyseElsewhere: true };
    const worker = pace === 'parse held back' ? heldBack(script, data) : new Worker(script, { workerData: data });
    const analysisWorker = pace === 'analysis held back' ? heldBack(analysisScript) : new Worker(analysisScript);
    const earlyExit = new Promise<void>((resolve) => (pace === 'parse held back' ? analysisWorker : worker).once('exit', () => resolve()));
    const fromParser: string[] = [];
    worker.on('message', (m: WorkerToHost) => fromParser.push(m.type));
    const events: string[] = [];
    const never = { onCancellationRequested: () => ({ dispose: () => undefined }) };
    try {
      async function* nothing(): AsyncGenerator<Uint8Array> {}
      const model = await runWorker(
        worker,
        nothing(),
        'capture.pcapng',
        never,
        {
          onProgress: () => undefined,
          onFlows: (m) => events.push(`flows: ${'flags' in m.analysis ? 'analysed' : 'grouped'}`),
          onAnalysis: () => events.push('analysis'),
        },
        undefined,
        analysisWorker,
      );
      events.push('resolved');
      expect(events).toEqual(['flows: grouped', 'analysis', 'resolved']);
      if (pace !== 'prompt') await earlyExit;
      // The table went out before the flows, and no analysis came from the parse worker.
      expect(fromParser.indexOf('table')).toBeGreaterThanOrEqual(0);
      expect(fromParser.indexOf('table')).toBeLessThan(fromParser.indexOf('flows'));
      expect(fromParser).not.toContain('analysis');
      const local = await parseChunks('capture.pcapng', whole(), { onProgress: () => undefined });
      const n = local.table.count;
      expect(model.table.count).toBe(n);
      expect(model.findings).toEqual(local.findings);
      // Every Flow record arrives whole (packed into columns and unpacked), rows included.
    expect(model.analysis.flows.map(plainFlow)).toEqual(local.analysis.flows);
      for (const column of ['flowOf', 'dirOf', 'flags', 'dupAckNum', 'rtoFrame', 'ackedFrame', 'bytesInFlight'] as const) {
        expect(Array.from(model.analysis[column].subarray(0, n)), column).toEqual(Array.from(local.analysis[column].subarray(0, n)));
        expect(model.analysis[column].buffer, column).toBeInstanceOf(SharedArrayBuffer);
      }
      // The recording has analysis flags to compare (zero windows, window full).
      expect(local.analysis.flags.some((f) => f !== 0)).toBe(true);
    } finally {
      await Promise.all([worker.terminate(), analysisWorker.terminate()]);
    }
  });

  test('an analysis worker that fails fails the parse with its reason; a table sent with none started does too', async () => {
    const never = { onCancellationRequested: () => ({ dispose: () => undefined }) };
    async function* nothing(): AsyncGenerator<Uint8Array> {}
    const data: ParseWorkerData = { fileName: 'capture.pcapng', total: bytes.length, path: PCAPNG, analyseElsewhere: true };
    const worker = new Worker(script, { workerData: data });
    const broken = new Worker("require('node:worker_threads').parentPort.once('message', () => { throw new Error('analysis broke'); });", { eval: true });
    try {
      await expect(runWorker(worker, nothing(), 'capture.pcapng', never, quiet, undefined, broken)).rejects.toThrow(/analysis broke/);
    } finally {
      await Promise.all([worker.terminate(), broken.terminate()]);
    }
    const alone = new Worker(script, { workerData: data });
    try {
      await expect(runWorker(alone, nothing(), 'capture.pcapng', never, quiet)).rejects.toThrow(/capture\.pcapng: the parse worker sent its table for an analysis worker that was not started/);
    } finally {
      await alone.terminate();
    }
  });

  test('in one thread (the web host) the flows are handed over and the host yields before the diagnosis', async () => {
    const events: string[] = [];
    const model = await parseChunks('capture.pcapng', whole(), {
      total: bytes.length,
      onProgress: (p) => events.push(p.phase),
      onFlows: (m) => events.push(`flows findings=${m.findings.length}`),
      betweenChunks: async () => {
        events.push('yield');
      },
    });
    const flowsAt = events.indexOf('flows findings=0');
    expect(flowsAt).toBeGreaterThan(0);
    expect(events.slice(flowsAt + 1, flowsAt + 3)).toEqual(['diagnosing', 'yield']);
    const plain = await parseChunks('capture.pcapng', whole(), { onProgress: () => undefined });
    expect(model.findings.length).toBeGreaterThan(0);
    expect(model.findings).toEqual(plain.findings);
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
    expect(messages.some((m) => m.type === 'flows' || m.type === 'findings' || m.type === 'failed')).toBe(false);
  });
});
