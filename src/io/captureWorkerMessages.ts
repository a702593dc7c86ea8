// The messages between `analyseCaptureFile` and its flow thread (captureWorker.ts). The packet
// table's columns and the flow pass' result live in shared memory, so rows and flows pass between
// the threads without copying; the messages carry only where the columns are, how many rows are
// complete, and the table's non-column parts once reading is done.
import type { PacketColumns, PacketTable, ReadWarning } from '../core/capture/packetTable';
import type { SackChunk } from '../core/capture/sackList';
import type { Finding } from '../core/diagnosis/finding';
import type { PackedFlows } from '../core/flows/packedFlows';
import type { AnalysisColumns } from '../core/flows/sequenceAnalysis';
import type { Locale } from '../core/i18n/locale';

export interface CaptureWorkerData {
  locale: Locale;
  /** Run Wireshark's per-segment analysis as well as the grouping. */
  sequenceAnalysis: boolean;
}

/** Why the flow thread failed, in a form that survives the structured clone (Error subclasses do not). */
export interface ThreadFailure {
  message: string;
  stack?: string;
}

export type MainToWorker =
  /** The columns now live here, in shared memory, each its capacity long (sent first and after each growth). */
  | { type: 'columns'; columns: PacketColumns }
  /** Rows [0, count) are complete; `news` holds the warnings and SACK entries added since the last message. */
  | { type: 'rows'; count: number; news: TableNews }
  /** Reading is done: the final row count and the parts of the table that are not columns. */
  | { type: 'read'; count: number; news: TableNews; meta: TableMeta }
  /** Diagnose flows [from, end) of the grouping: the flow thread's share. */
  | { type: 'diagnose'; from: number };

export type WorkerToMain =
  /** The flow pass is done; every column of its result is shared memory. */
  | { type: 'grouped'; grouping: SharedGrouping }
  | { type: 'findings'; findings: Finding[] }
  | { type: 'failed'; failure: ThreadFailure };

export type TableMeta = Pick<PacketTable, 'format' | 'dateKnown' | 'timePrecision' | 'addrs' | 'interfaces' | 'bytes'>;

/**
 * What the table's lists gained since the last message. The flow pass reads a row's warnings
 * (a cut TCP header) and SACK blocks as it reaches the row, so they travel with the rows.
 * `sack.starts` stay offsets into the whole edge list.
 */
export interface TableNews {
  warnings: ReadWarning[];
  sack: SackChunk;
}

/** A FlowGrouping (and, when asked for, the sequence analysis' columns) as columns only. */
export interface SharedGrouping {
  flows: PackedFlows;
  flowOf: Int32Array;
  dirOf: Uint8Array;
  sequence: AnalysisColumns | null;
}
