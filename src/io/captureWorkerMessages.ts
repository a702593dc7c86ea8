// The messages between `analyseCaptureFile` and its reader thread (captureWorker.ts). The packet
// table's columns live in shared memory, so rows pass between the threads without copying; the
// messages carry only where the columns are, how many rows are complete, and the table's
// non-column parts once reading is done.
import type { PacketColumns, PacketTable, ReadWarning } from '../core/capture/packetTable';
import type { SackChunk } from '../core/capture/sackList';
import type { Finding } from '../core/diagnosis/finding';
import type { PackedFlows } from '../core/flows/packedFlows';
import type { Locale } from '../core/i18n/locale';

export interface CaptureWorkerData {
  path: string;
  locale: Locale;
  /** The reader publishes rows after every chunk of this many bytes. */
  chunkBytes: number;
}

/** Why reading failed, in a form that survives the structured clone (Error subclasses do not). */
export type ReadFailure =
  | { kind: 'file'; path: string; reason: string }
  | { kind: 'capture'; fileName: string; reason: string; offset?: number }
  | { kind: 'other'; message: string; stack?: string };

export type WorkerToMain =
  /** The columns now live here, in shared memory, each its capacity long (sent first and after each growth). */
  | { type: 'columns'; columns: PacketColumns }
  /** Rows [0, count) are complete; `news` holds the warnings and SACK entries added since the last message. */
  | { type: 'rows'; count: number; news: TableNews }
  /** Reading is done: the final row count and the parts of the table that are not columns. */
  | { type: 'read'; count: number; news: TableNews; meta: TableMeta }
  | { type: 'findings'; findings: Finding[] }
  | { type: 'failed'; failure: ReadFailure };

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

export type MainToWorker =
  /**
   * Diagnose flows [from, flows.count) of this grouping: the reader thread's share. Every column
   * is shared memory, so the message carries only where they are.
   */
  { type: 'diagnose'; flows: PackedFlows; flowOf: Int32Array; dirOf: Uint8Array; from: number };

