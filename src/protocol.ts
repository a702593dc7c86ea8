// Every conversation between the extension host and the webview, in one file (the only contract
// between the two sides). One discriminated union per direction, keyed by `type`, plus a small
// helper that pairs replies with requests by `requestId`.
//
// Everything here is plain JSON (numbers, strings, booleans, arrays, objects) except the flow
// table (`FlowTableView`), whose columns are typed arrays: VS Code sends those as buffers, not
// as JSON numbers, and a capture can have a million flows. The CLI's `report` command embeds the
// same shapes in HTML, the flow table as plain arrays (src/view/flowTableView.ts converts).
// This file imports nothing; the few shapes it shares with the core are restated here so the
// webview bundle does not pull in the core's tables.

/** Bumped when a message changes shape incompatibly; `ready` and `summary` both carry it. */
export const PROTOCOL_VERSION = 2;

// ---------------------------------------------------------------------------------------------
// Shared vocabulary (mirrors src/core; restated so this file stays import-free)

/** `src/core/diagnosis/finding.ts` StageId. */
export type StageName =
  | 'connection_refused'
  | 'zero_window'
  | 'window_full'
  | 'send_buffer_full'
  | 'stalled_direction'
  | 'rto_backoff'
  | 'connection_timeout'
  | 'rst_on_close_unread_data'
  | 'fin_piggybacked_on_data'
  | 'nagle_delayed_ack'
  | 'keepalive'
  | 'half_open_rst'
  | 'udp_cork';

export type ConfidenceLevel = 'high' | 'medium' | 'low';
export type SideName = 'client' | 'server';
export type FlowStateName = 'refused' | 'open' | 'closed' | 'reset';
export type CaptureFormatName = 'pcap' | 'pcapng' | 'tcpdump-text';
export type FactValueView = number | string | boolean | number[];

/** Direction codes used in row windows: the core's `Dir` enum values. */
export const DIR_TO_SERVER = 0;
export const DIR_TO_CLIENT = 1;

// ---------------------------------------------------------------------------------------------
// Host → webview payloads

export interface CaptureInfo {
  /** File name shown in the title (not a path: the webview never needs the user's directories). */
  name: string;
  format: CaptureFormatName;
  packets: number;
  /** Bytes of input read. */
  bytes: number;
  /** false for tcpdump text without dates: absolute times are seconds since midnight. */
  dateKnown: boolean;
  /** Absolute time of the first packet (seconds since the epoch, or since midnight); all `time` values below are relative to it. */
  startTime: number;
  /** Seconds from the first to the last packet. */
  duration: number;
  /** Digits after the decimal point the capture's timestamps carry. */
  timePrecision: number;
}

export interface EndpointView {
  /** Address as printed by tcpdump -nn, or the host name a text log printed (untrusted text). */
  addr: string;
  port: number;
}

/** One finding's badge on a flow row. */
export interface FindingBadge {
  /** Index into `SummaryMessage.findings`. */
  finding: number;
  stage: StageName;
  confidence: ConfidenceLevel;
}

/** Flow protocols by their code in `FlowTableView.proto`. */
export const FLOW_PROTOS = ['tcp', 'udp'] as const;
/** Flow states by their code in `FlowTableView.state`. */
export const FLOW_STATES: readonly FlowStateName[] = ['refused', 'open', 'closed', 'reset'];

/**
 * Every flow of the capture as columns: entry `i` of each column is flow `i` (the core's
 * `Flow.id`, printed `f<i>`). One flow as the webview's panels use it is `FlowSummaryView`,
 * read out of these columns (`flowSummaryAt`).
 */
export interface FlowTableView {
  count: number;
  /** Address texts, as tcpdump -nn prints them or as a text log named the host (untrusted text). */
  addrs: string[];
  /** Index into FLOW_PROTOS. */
  proto: Uint8Array;
  /** Index into FLOW_STATES. */
  state: Uint8Array;
  /** 1 when client and server come from a SYN; 0 when guessed from the ports. */
  rolesFromHandshake: Uint8Array;
  /** Index into `addrs`. */
  clientAddr: Uint32Array;
  clientPort: Uint16Array;
  serverAddr: Uint32Array;
  serverPort: Uint16Array;
  packets: Uint32Array;
  packetsToServer: Uint32Array;
  packetsToClient: Uint32Array;
  /** Payload bytes per direction (retransmissions included). */
  bytesToServer: Float64Array;
  bytesToClient: Float64Array;
  /** Seconds relative to `CaptureInfo.startTime`. */
  start: Float64Array;
  end: Float64Array;
  firstFrame: Uint32Array;
  lastFrame: Uint32Array;
  /** Two per flow, [2i] client→server and [2i+1] server→client: -1 unknown, -2 not negotiated. */
  windowScale: Int8Array;
  /** Two per flow like `windowScale`: 0 when unknown. */
  mss: Uint16Array;
  /** Handshake RTT in seconds, -1 when unknown. */
  initialRtt: Float64Array;
  /**
   * Idle gaps of at least IDLE_FOLD_SECONDS, one entry per gap, ordered by flow and then by
   * position: the gap before packet `gapBefore[k]` (index within flow `gapFlow[k]`) lasted
   * `gapSeconds[k]`.
   */
  gapFlow: Uint32Array;
  gapBefore: Uint32Array;
  gapSeconds: Float64Array;
}

/** The flow table with plain arrays for its typed columns, as JSON carries it (the report page). */
export type FlowTableJson = {
  [K in keyof FlowTableView]: FlowTableView[K] extends ArrayLike<number> & { buffer: ArrayBufferLike } ? number[] : FlowTableView[K];
};

/** One flow as the ladder, the graph and the findings panel use it (read out of a FlowTableView). */
export interface FlowSummaryView {
  /** Flow id as a number (the core's `Flow.id`); requests name flows by it. */
  id: number;
  /** Printed id (`f0`), the same the CLI prints. */
  label: string;
  proto: 'tcp' | 'udp';
  client: EndpointView;
  server: EndpointView;
  /** true when client/server come from a SYN; false when guessed from the ports. */
  rolesFromHandshake: boolean;
  packets: number;
  packetsToServer: number;
  packetsToClient: number;
  /** Payload bytes per direction (retransmissions included). */
  bytesToServer: number;
  bytesToClient: number;
  /** Seconds relative to `CaptureInfo.startTime`. */
  start: number;
  end: number;
  firstFrame: number;
  lastFrame: number;
  state: FlowStateName;
  /** Window-scale shift per direction [client→server, server→client]: -1 unknown, -2 not negotiated. */
  windowScale: [number, number];
  /** MSS per direction, 0 when unknown. */
  mss: [number, number];
  /** Handshake RTT in seconds, -1 when unknown. */
  initialRtt: number;
  badges: FindingBadge[];
  /**
   * Packet indices preceded by an idle gap of at least IDLE_FOLD_SECONDS, ascending, with the
   * gap's length. The ladder folds these gaps into a marker row; without the list it only marks
   * the gap beside the packet.
   */
  idleGaps?: { before: number; seconds: number }[];
}

/** The badges of the flows that have findings. */
export interface FlowBadges {
  flow: number;
  badges: FindingBadge[];
}

/** Idle time between two packets of a flow that the ladder folds into a marker. */
export const IDLE_FOLD_SECONDS = 0.5;

/** A stretch of one finding drawn as a shaded band on the ladder (e.g. "zero window", "probing"). */
export interface StallPhaseView {
  label: string;
  /** Seconds relative to `CaptureInfo.startTime`. */
  start: number;
  end: number;
  /** Packet indices within the flow (0-based, inclusive) that the band covers. */
  fromIndex: number;
  toIndex: number;
}

export interface FindingView {
  /** Position in `SummaryMessage.findings`; other messages name findings by it. */
  index: number;
  stage: StageName;
  /** Stage title from the catalogue ("Receiver advertised a zero window"). */
  title: string;
  /** Flow id (`FlowSummaryView.id`). */
  flow: number;
  side: SideName;
  /** The endpoint of `side`, as `addr:port` (untrusted text). */
  sideEndpoint: string;
  /** Seconds relative to `CaptureInfo.startTime`. */
  start: number;
  end: number;
  confidence: ConfidenceLevel;
  /** One-line text rendered from the catalogue and the facts (same as the CLI's `summary`). */
  summary: string;
  /** Longer explanation: what the stage means and what the application sees. */
  explanation: string;
  /** 1-based evidence frames, ascending. */
  frames: number[];
  /** Packet index within the flow of each evidence frame (parallel to `frames`). */
  frameIndex: number[];
  facts: Record<string, FactValueView>;
  /** Kernel functions of the stage; the excerpts arrive later in an `excerpts` message. */
  kernel: { function: string; file: string }[];
  /** Bands to draw; at least one covering start..end when the diagnosis gives no finer phases. */
  phases: StallPhaseView[];
}

export interface WarningView {
  message: string;
  /** Byte offset (binary captures). */
  offset?: number;
  /** 1-based line (text logs). */
  line?: number;
  frame?: number;
  /** Reading stopped here (damage, the row limit): the view shows this one first. */
  endsReading?: boolean;
}

/**
 * A window of a flow's packets as parallel columns: element k of every array describes packet
 * `from + k` of the flow. Numbers only, so 2,000 rows cost a few small arrays.
 */
export interface RowColumns {
  /** 1-based frame number. */
  frame: number[];
  /** Seconds relative to `CaptureInfo.startTime`. */
  time: number[];
  /** DIR_TO_SERVER or DIR_TO_CLIENT. */
  dir: number[];
  /** TCP flag bits as in the header (`tcp.flags`); 0 for UDP. */
  flags: number[];
  /** Sequence number relative to the sender's ISN; 0 for UDP. */
  seq: number[];
  /** Acknowledgement number relative to the peer's ISN (meaningful when the ACK flag is set). */
  ack: number[];
  /** TCP or UDP payload length. */
  len: number[];
  /** Advertised window in bytes, scaled when the scale is known, else the raw field. */
  win: number[];
  /** The raw 16-bit window field. */
  winRaw: number[];
  /** Analysis flag bits (the core's `AnalysisFlag`; names in ANALYSIS_FLAG_LABELS order). */
  analysis: number[];
  // Extras shown when hovering a packet.
  /** Bytes on the wire. */
  wireLen: number[];
  /** Duplicate-ACK ordinal, 0 when not a dup ACK. */
  dupAckNum: number[];
  /** For retransmissions: frame of the original transmission, 0 when none. */
  rtoFrame: number[];
  /** Seconds since the original transmission, -1 when none. */
  rto: number[];
  /** Seconds from the data segment to this ACK, -1 when none. */
  ackRtt: number[];
  /** Unacknowledged bytes after this segment, 0 when not data. */
  bytesInFlight: number[];
  /** TCP option bits (the core's `TcpOpt`). */
  opts: number[];
  /** MSS option value, 0 when absent. */
  mss: number[];
  /** Window-scale option shift, -1 when absent. */
  wscale: number[];
  /** Timestamp option values (meaningful when opts has the timestamps bit). */
  tsval: number[];
  tsecr: number[];
  /** SACK blocks, sparse: positions within this window and their relative [left, right, …] edges. */
  sackAt: number[];
  sackEdges: number[][];
}

/** Analysis bit k is named ANALYSIS_FLAG_LABELS[k] (Wireshark's `tcp.analysis.<name>`). */
export const ANALYSIS_FLAG_LABELS = [
  'retransmission',
  'fast_retransmission',
  'spurious_retransmission',
  'out_of_order',
  'lost_segment',
  'ack_lost_segment',
  'duplicate_ack',
  'zero_window',
  'zero_window_probe',
  'zero_window_probe_ack',
  'window_full',
  'window_update',
  'keep_alive',
  'keep_alive_ack',
  'reused_ports',
] as const;

/** The bit of analysis flag `name` in the `analysis` columns. */
export function analysisBit(name: (typeof ANALYSIS_FLAG_LABELS)[number]): number {
  return 1 << ANALYSIS_FLAG_LABELS.indexOf(name);
}

/** TcpOpt bit values restated (src/core/capture/packetTable.ts). */
export const OPT_BITS = {
  mss: 0x01,
  windowScale: 0x02,
  sackPermitted: 0x04,
  sack: 0x08,
  timestamps: 0x10,
  fastOpen: 0x20,
  mptcp: 0x40,
} as const;

export interface ExcerptAnchorView {
  id: string;
  /** Real line number in the source file. */
  line: number;
  annotation: string;
}

export interface KernelExcerptView {
  function: string;
  /** Relative to the tree root, e.g. `net/ipv4/tcp.c`. */
  file: string;
  /** Line of the first entry of `lines` (the function's definition line); 0 when no source. */
  startLine: number;
  endLine: number;
  /** Source lines startLine..endLine; empty when no provider had the source. */
  lines: string[];
  anchors: ExcerptAnchorView[];
  /** Deep link to the function at a public cross-referencer. */
  link?: string;
}

export type KernelProviderName = 'path' | 'workspace' | 'distribution' | 'mirror' | 'none';

export interface ExcerptSetView {
  stage: StageName;
  provider: KernelProviderName;
  /** What the provider used: a kernel version, a tree's name (not a full path). */
  providerDetail?: string;
  excerpts: KernelExcerptView[];
  links: { label: string; url: string }[];
}

// ---------------------------------------------------------------------------------------------
// Host → webview messages

export interface SummaryMessage {
  type: 'summary';
  protocolVersion: number;
  capture: CaptureInfo;
  flows: FlowTableView;
  findings: FindingView[];
  /** Each flow's badges, for the flows that have findings. */
  badges: FlowBadges[];
  warnings: WarningView[];
  /**
   * The flows are known but the diagnosis still runs: `findings` and `badges` are empty, and a
   * `diagnosis` message follows. Absent or false: the summary is complete.
   */
  diagnosing?: boolean;
}

/** The findings of a summary that was sent with `diagnosing: true`. */
export interface DiagnosisMessage {
  type: 'diagnosis';
  findings: FindingView[];
  /** Each flow's badges, for the flows that have findings. */
  badges: FlowBadges[];
  /** Set when the diagnosis did not finish (then `findings` is empty): why. */
  failed?: string;
}

/** Reply to `getRows`. */
export interface RowsMessage {
  type: 'rows';
  requestId: number;
  flow: number;
  /** Index of the first packet in this window (may be less than asked for at the end of a flow). */
  from: number;
  /** Packets in the whole flow. */
  total: number;
  cols: RowColumns;
}

/**
 * The time-sequence graph's points for one direction of a flow over a time range (reply to
 * `getSeries`). When the range holds more points than `SERIES_EXACT_LIMIT`, each of `buckets`
 * equal time columns keeps only the points that shape it (lowest and highest sequence edge, the
 * first flagged segment; first, last, lowest and highest window edge for ACKs): every point sent
 * is a real packet, so clicking one selects it, and the message stays a few thousand points
 * however long the flow is. The webview asks again for the range it shows after a zoom.
 */
export interface SeriesMessage {
  type: 'series';
  requestId: number;
  flow: number;
  /** Direction of the data segments plotted (DIR_TO_SERVER or DIR_TO_CLIENT); ACKs are the other one's. */
  dir: number;
  /** Seconds relative to `CaptureInfo.startTime`: the range this reply covers. */
  t0: number;
  t1: number;
  /** false when the range was decimated per time column. */
  exact: boolean;
  /** Data segments of `dir` in the range (before decimation). */
  dataInRange: number;
  /** Bounds of the whole flow in this direction: time, and sequence space from the lowest data or ACK edge to the highest window edge. */
  extent: { t0: number; t1: number; seq0: number; seq1: number };
  /** Data segments (payload, SYN, FIN, and zero-window or keep-alive probes) sent in `dir`, in flow order. */
  data: SeriesPoints;
  /** ACKs sent by the other direction: `seq` is the acknowledgement number, `edge` = ack + scaled window. */
  acks: SeriesPoints;
  /** SACK blocks in the ACKs, one entry per block: `seq` left edge, `edge` right edge. */
  sacks: SeriesPoints;
  /** Times the receiver advertised a zero window, until its next non-zero window (clipped to the range). */
  zeroWindows: { start: number; end: number; index: number }[];
}

/** Parallel columns; element k of every array describes one point. */
export interface SeriesPoints {
  /** Packet index within the flow (what `getRows` and the ladder's cursor count). */
  index: number[];
  /** Seconds relative to `CaptureInfo.startTime`. */
  time: number[];
  /** Relative sequence number (data, SACK left edge) or acknowledgement number (ACKs), unwrapped past 2^32. */
  seq: number[];
  /** Upper edge: seq + payload length (data), ack + scaled window (ACKs), SACK right edge. */
  edge: number[];
  /** Analysis flag bits (ANALYSIS_FLAG_LABELS order). */
  analysis: number[];
}

/** A range with at most this many data points (and as many ACKs) is sent point for point. */
export const SERIES_EXACT_LIMIT = 6000;
/** Upper bound the host enforces on `getSeries.buckets`. */
export const MAX_SERIES_BUCKETS = 8192;

/** Excerpts keyed by finding index (as a string, JSON object keys). Reply to `getExcerpts`, or pushed. */
export interface ExcerptsMessage {
  type: 'excerpts';
  requestId?: number;
  byFinding: Record<string, ExcerptSetView>;
}

export interface ProgressMessage {
  type: 'progress';
  /** What is happening ("reading", "analysing", "diagnosing"). */
  phase: string;
  done: number;
  /** Same unit as done; absent when unknown. */
  total?: number;
}

/** Asks the webview to show a flow, a frame or a finding (from a command or a link). */
export interface RevealMessage {
  type: 'reveal';
  flow?: number;
  frame?: number;
  finding?: number;
}

/** A request failed; the waiting promise rejects with `message`. */
export interface ReplyErrorMessage {
  type: 'replyError';
  requestId: number;
  message: string;
}

/** The file could not be read at all: the webview shows the message instead of the views. */
export interface FatalMessage {
  type: 'fatal';
  message: string;
}

export type HostToWebview =
  | SummaryMessage
  | DiagnosisMessage
  | RowsMessage
  | SeriesMessage
  | ExcerptsMessage
  | ProgressMessage
  | RevealMessage
  | ReplyErrorMessage
  | FatalMessage;

// ---------------------------------------------------------------------------------------------
// Webview → host messages

/** The webview has loaded and listens; the host answers with `summary`. */
export interface ReadyMessage {
  type: 'ready';
  protocolVersion: number;
}

export interface GetRowsMessage {
  type: 'getRows';
  requestId: number;
  flow: number;
  /** 0-based packet index within the flow. */
  from: number;
  /** At most MAX_ROWS_PER_REQUEST. */
  count: number;
}

/** Asks for the time-sequence graph's points (reply: `series`). */
export interface GetSeriesMessage {
  type: 'getSeries';
  requestId: number;
  flow: number;
  /** Direction of the data segments to plot. */
  dir: number;
  /** Time range, seconds relative to `CaptureInfo.startTime`; t0 > t1 asks for the whole flow. */
  t0: number;
  t1: number;
  /** Time columns to decimate into (about the plot's width in device pixels), at most MAX_SERIES_BUCKETS. */
  buckets: number;
}

export interface GetExcerptsMessage {
  type: 'getExcerpts';
  requestId: number;
  findings: number[];
}

export interface OpenKernelSourceMessage {
  type: 'openKernelSource';
  stage: StageName;
  function: string;
  file: string;
  /** Anchor id to reveal, when the user clicked a specific anchor. */
  anchor?: string;
  /** Finding the excerpt belongs to, so the host picks the same provider. */
  finding?: number;
}

/** Copy a Markdown rendering of a flow or a finding to the clipboard (host side renders it). */
export interface CopyMarkdownMessage {
  type: 'copyMarkdown';
  flow?: number;
  finding?: number;
}

/** Save the ladder as SVG: the webview draws it, the host asks where to save. */
export interface ExportSvgMessage {
  type: 'exportSvg';
  svg: string;
  /** Suggested file name. */
  name: string;
}

/** Save the ladder as PNG: the webview renders its SVG export to a canvas and sends the bytes. */
export interface ExportPngMessage {
  type: 'exportPng';
  /** The PNG file, base64-encoded (the channel carries JSON). */
  base64: string;
  /** Suggested file name. */
  name: string;
}

export interface LogMessage {
  type: 'log';
  level: 'debug' | 'info' | 'warn';
  message: string;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
  stack?: string;
}

/** What the webview shows now; the host logs it and tests assert on it. */
export interface RenderedMessage {
  type: 'rendered';
  /** Flows listed (after the user's filter). */
  flows: number;
  /** Finding cards shown. */
  findings: number;
  selectedFlow?: number;
  /** First and last packet index of the flow drawn on screen. */
  visible?: [number, number];
  /** Frames highlighted (evidence of the selected finding). */
  highlighted?: number[];
  /** Which views are on screen: the ladder, the time-sequence graph, or both. */
  view?: 'ladder' | 'timeseq' | 'split';
  /** What the time-sequence graph drew, when it is on screen. */
  timeSeq?: TimeSeqRendered;
  /** The flow list is shown and the findings are still coming (`SummaryMessage.diagnosing`). */
  diagnosing?: boolean;
}

/** The time-sequence graph's last drawing, in CSS pixels of its canvas. */
export interface TimeSeqRendered {
  dir: number;
  /** Shown time range (seconds relative to the capture start) and sequence range. */
  t0: number;
  t1: number;
  seq0: number;
  seq1: number;
  /** The plot area inside the canvas: x = left + (t - t0) / (t1 - t0) * width. */
  plot: { left: number; top: number; width: number; height: number };
  /** Points at hand (data segments, ACKs, SACK blocks) and whether they were decimated. */
  dataPoints: number;
  /** Data segments inside the shown window. */
  dataInView: number;
  ackPoints: number;
  sackBlocks: number;
  exact: boolean;
  /** Zero-window periods and stall bands drawn, as time ranges. */
  zeroWindows: [number, number][];
  bands: { label: string; start: number; end: number }[];
}

export type WebviewToHost =
  | ReadyMessage
  | GetRowsMessage
  | GetExcerptsMessage
  | OpenKernelSourceMessage
  | CopyMarkdownMessage
  | ExportSvgMessage
  | ExportPngMessage
  | GetSeriesMessage
  | LogMessage
  | ErrorMessage
  | RenderedMessage;

/** Upper bound the host enforces on `getRows.count`. */
export const MAX_ROWS_PER_REQUEST = 5000;

// ---------------------------------------------------------------------------------------------
// Request / reply pairing

/** Which reply answers which request. */
export interface ReplyOf {
  getRows: RowsMessage;
  getExcerpts: ExcerptsMessage;
  getSeries: SeriesMessage;
}

export type RequestType = keyof ReplyOf;
type RequestMessage<K extends RequestType> = Extract<WebviewToHost, { type: K }>;
type RequestBody<K extends RequestType> = Omit<RequestMessage<K>, 'requestId'>;

/** true when `msg` is a reply (or a reply error) that carries a request id. */
export function isReply(msg: HostToWebview): msg is RowsMessage | ExcerptsMessage | SeriesMessage | ReplyErrorMessage {
  return (
    (msg.type === 'rows' || msg.type === 'excerpts' || msg.type === 'series' || msg.type === 'replyError') &&
    typeof (msg as { requestId?: unknown }).requestId === 'number'
  );
}

interface Pending {
  resolve(reply: HostToWebview): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** How long a request waits for its reply. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The webview's side of request/reply: `request()` stamps a fresh id, posts, and resolves when
 * `handle()` sees the reply with that id. Replies that arrive after a timeout are dropped.
 */
export class RequestChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly post: (msg: WebviewToHost) => void) {}

  request<K extends RequestType>(body: RequestBody<K>): Promise<ReplyOf[K]> {
    const requestId = this.nextId++;
    return new Promise<ReplyOf[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`no reply to ${String(body.type)} #${requestId} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(requestId, {
        resolve: resolve as (reply: HostToWebview) => void,
        reject,
        timer,
      });
      this.post({ ...body, requestId } as unknown as WebviewToHost);
    });
  }

  /** Settles the matching request; returns false for messages that are not replies to one. */
  handle(msg: HostToWebview): boolean {
    if (!isReply(msg) || msg.requestId === undefined) return false;
    const p = this.pending.get(msg.requestId);
    if (!p) return true;
    this.pending.delete(msg.requestId);
    clearTimeout(p.timer);
    if (msg.type === 'replyError') p.reject(new Error(msg.message));
    else p.resolve(msg);
    return true;
  }
}

/** The host's side: builds the reply error for a request that failed. */
export function replyError(requestId: number, error: unknown): ReplyErrorMessage {
  return { type: 'replyError', requestId, message: error instanceof Error ? error.message : String(error) };
}

/** Narrowing guard for messages arriving from the other side (the channel carries `unknown`). */
export function isWebviewMessage(value: unknown): value is WebviewToHost {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function isHostMessage(value: unknown): value is HostToWebview {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
