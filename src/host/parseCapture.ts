// The parse pipeline over a stream of chunks, shared by the desktop parse worker and the web
// host: sniff gzip, feed the capture reader (the flow pass follows the rows as they are read),
// hand over the table and its flows (`onFlows`: the flow list can be shown), then diagnose.
import type { PacketTable } from '../core/capture/packetTable';
import type { FlowAnalysis, FlowGrouping } from '../core/flows/types';
import type { CaptureModel, FlowsModel } from '../view/captureModel';
import { damageWarning, GzipDamage, MaybeGzip } from '../core/capture/gunzip';
import { createCaptureSink, createFlowPass, diagnoseAll, diagnoseInSteps, groupTable, type ColumnMemory } from '../view/pipeline';

export type ParsePhase = 'reading' | 'analysing' | 'diagnosing';

export interface ParseProgress {
  phase: ParsePhase;
  /** Bytes of the file consumed (compressed bytes for gzip). */
  done: number;
  total?: number;
}

export interface ParseHooks {
  total?: number;
  onProgress(p: ParseProgress): void;
  /**
   * Called between chunks, after `onFlows` and between groups of flows being diagnosed: the web
   * host yields to its event loop here (so the flow list goes out first) and checks cancellation.
   */
  betweenChunks?(): Promise<void>;
  /**
   * The table and its flows, complete, before the diagnosis starts (`findings` is empty); with
   * the per-segment analysis unless `analyseElsewhere` takes it.
   */
  onFlows?(model: FlowsModel): void;
  /**
   * Given, the pass here only groups the flows, which is all the flow list and the diagnosis
   * read, and hands the table to this function the moment it is read, for the per-segment
   * analysis to run on another thread meanwhile. Grouping alone is 0.16 s of CPU on the lab
   * 200 MB capture against 0.43 s with the analysis: the parse worker alone in Node had the flows
   * at 0.36–0.40 s instead of 0.58–0.66 s, the findings at 0.73–0.76 instead of 0.86–0.94 s, and
   * the analysis 0.1 s later than before (0.73–0.74 s), 3 runs each.
   */
  analyseElsewhere?(table: PacketTable): void;
  /** Without `analyseElsewhere`: the flows' per-segment analysis, right after `onFlows`. */
  onAnalysis?(analysis: FlowAnalysis): void;
  /** Where the table's and the analysis' columns live (shared memory in the desktop worker). */
  memory?: ColumnMemory;
  /** The most packets read (maxRowsForMemory); beyond them the capture is cut with a warning. */
  maxRows?: number;
  /** Where the flow pass's columns live (default: `memory`). */
  flowMemory?: ColumnMemory;
  /** After each chunk is decoded: the table so far and the bytes consumed. */
  afterChunk?(table: PacketTable | null, consumed: number): void;
  /**
   * Told once the format is known: `reusable` is true when every chunk is done with once the
   * next one is asked for (the binary readers copy what they carry over; not for gzip input,
   * which the inflater may still hold, nor text, whose reader is not held to that).
   */
  onInputKind?(reusable: boolean): void;
}

/** With `analyseElsewhere`, the model holds the grouping only (the analysis is that function's). */
export function parseChunks(
  fileName: string,
  source: AsyncIterable<Uint8Array>,
  hooks: ParseHooks & { analyseElsewhere(table: PacketTable): void },
): Promise<FlowsModel>;
export function parseChunks(
  fileName: string,
  source: AsyncIterable<Uint8Array>,
  hooks: ParseHooks & { analyseElsewhere?: undefined },
): Promise<CaptureModel>;
export async function parseChunks(fileName: string, source: AsyncIterable<Uint8Array>, hooks: ParseHooks): Promise<FlowsModel> {
  let consumed = 0;
  const counted = countBytes(source, (n) => {
    consumed += n;
  });
  const sink = createCaptureSink(fileName, hooks.total ?? 0, hooks.memory, hooks.maxRows);
  const flows = createFlowPass(hooks.flowMemory ?? hooks.memory);
  const input = new MaybeGzip(counted);
  let kindTold = false;
  let damage: GzipDamage | undefined;
  try {
    for await (const chunk of input.chunks()) {
      sink.push(chunk);
      const partial = sink.partial();
      if (partial && !kindTold) {
        kindTold = true;
        hooks.onInputKind?.(!input.gzip && partial.format !== 'tcpdump-text');
      }
      // A host on one thread (it awaits betweenChunks) runs the flow pass a chunk at a time, so no
      // step holds its event loop for long. A worker runs it once the table is read: on the lab
      // 200 MB capture that reached the flows 0.13 s sooner than chunk by chunk (median of 8
      // alternating runs; bench/README.md). A text log's last row may still change (verbose output
      // continues on the next line), so its rows always wait.
      if (partial && hooks.betweenChunks && !hooks.analyseElsewhere && partial.format !== 'tcpdump-text') flows.advance(partial);
      hooks.afterChunk?.(partial, consumed);
      hooks.onProgress({ phase: 'reading', done: consumed, total: hooks.total });
      if (hooks.betweenChunks) await hooks.betweenChunks();
    }
  } catch (e) {
    if (!(e instanceof GzipDamage)) throw e;
    damage = e;
  }
  const table = sink.finish();
  if (damage) table.warnings.push(damageWarning(damage));
  hooks.onProgress({ phase: 'analysing', done: consumed, total: hooks.total });
  let analysis: FlowGrouping;
  if (hooks.analyseElsewhere) {
    hooks.analyseElsewhere(table);
    analysis = groupTable(table, hooks.flowMemory ?? hooks.memory);
    hooks.onFlows?.({ table, analysis, findings: [] });
  } else {
    const analysed = flows.finish(table);
    analysis = analysed;
    hooks.onFlows?.({ table, analysis, findings: [] });
    hooks.onAnalysis?.(analysed);
  }
  hooks.onProgress({ phase: 'diagnosing', done: consumed, total: hooks.total });
  if (!hooks.betweenChunks) return { table, analysis, findings: diagnoseAll(table, analysis) };
  const pause = hooks.betweenChunks;
  await pause();
  return { table, analysis, findings: await diagnoseInSteps(table, analysis, pause) };
}

async function* countBytes(source: AsyncIterable<Uint8Array>, add: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    add(chunk.byteLength);
    yield chunk;
  }
}

