// A short made-up connection run through the flow pass before a large table. V8 compiles the
// pass from what it has seen it do; a branch that has never run is compiled as a bail-out, and
// when a large capture first reaches it (its first keep-alive, zero window or resend) V8 drops
// the compiled code, runs slowly again and recompiles: a dozen times on the 200 MB benchmark
// capture. Taking every such branch here first, which costs 5–6 ms, lets the first compilation
// stand. Nothing of it is kept: it has a table and an analyzer of its own.
import { PacketTableBuilder, Proto, TcpFlag, TcpOpt, type PacketTable } from '../capture/packetTable';

const CLIENT = 0x0a000001;
const SERVER = 0x0a000002;
// Sequence numbers above 2^31, as real ones mostly are (V8 sees them as other than small
// integers), and the client's wrapping past 2^32 during the burst.
const C_ISN = 0xfff0_0000;
const S_ISN = 0x9000_0000;
const MSS = 1000;
/** Window field the server announces; scaled by 2^7. */
const WINDOW = 502;
/**
 * A burst acknowledged at once. Not enough to make the unacknowledged-segment pool grow (1024):
 * that took 1,100 rows, which cost 17 ms cold here against one recompilation later.
 */
const BURST_SEGMENTS = 30;
/** Enough one-SYN conversations for collisions in the endpoint table. */
const SHORT_CONVERSATIONS = 64;

/**
 * Whether `rows` rows in `connections` connections are worth a warm-up: many rows, in long
 * connections. There the rare branches first come up deep into the capture; in many short
 * connections they come up at once, and on 20,000 of them the warm-ups made `diagnose` slower
 * (0.59 → 0.65 s), as they do any small capture. On the 200 MB lab capture `diagnose` took
 * 0.95 → 0.89 s with both, on the 20 MB one 0.42 → 0.36 s.
 */
export function worthWarmingUp(rows: number, connections: number): boolean {
  return rows >= WARM_UP_FROM_ROWS && rows >= WARM_UP_ROWS_PER_CONNECTION * connections;
}
const WARM_UP_FROM_ROWS = 100_000;
const WARM_UP_ROWS_PER_CONNECTION = 1000;

/**
 * Passes over the made-up connection: V8 gives a function somewhere to keep what it sees only
 * after its first few calls, so a single pass taught it little.
 */
export const WARM_UP_PASSES = 2;

/** `warm`, run the first time the result is called and never again: what V8 learns stays for the process. */
export function oncePerProcess(warm: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    warm();
  };
}

interface Segment {
  ms: number;
  fromClient: boolean;
  flags: number;
  seq: number;
  ack: number;
  len: number;
  win: number;
  opts?: number;
  sack?: number[];
  proto?: number;
  sport?: number;
}

let built: PacketTable | undefined;

/**
 * The made-up table: one connection taking the rare paths, a burst, short conversations, UDP and
 * a non-IP row. Built once: the flow pass's warm-up and the detectors' read it (never write it).
 */
export function warmUpTable(): PacketTable {
  built ??= buildWarmUpTable();
  return built;
}

function buildWarmUpTable(): PacketTable {
  const b = new PacketTableBuilder('pcap', 256);
  const client = b.internIpv4(CLIENT);
  const server = b.internIpv4(SERVER);
  const add = (s: Segment): void => {
    const i = b.row();
    const c = b.cols;
    c.secs[i] = 1_790_000_000 + Math.floor(s.ms / 1000);
    c.nanos[i] = Math.round((s.ms % 1000) * 1e6);
    c.proto[i] = s.proto ?? Proto.Tcp;
    if (c.proto[i] === Proto.Other) return;
    const port = s.sport ?? 40000;
    c.src[i] = s.fromClient ? client : server;
    c.dst[i] = s.fromClient ? server : client;
    c.sport[i] = s.fromClient ? port : 80;
    c.dport[i] = s.fromClient ? 80 : port;
    c.tcpFlags[i] = s.flags;
    c.seq[i] = s.seq >>> 0;
    c.ack[i] = s.ack >>> 0;
    c.win[i] = s.win;
    c.len[i] = s.len;
    c.wireLen[i] = s.len + 66;
    c.opts[i] = s.opts ?? 0;
    if ((s.opts ?? 0) & TcpOpt.Mss) c.mss[i] = 1460;
    if ((s.opts ?? 0) & TcpOpt.WindowScale) c.wscale[i] = 7;
    if (s.sack) b.addSack(i, s.sack);
  };
  const A = TcpFlag.Ack;
  // Sequence numbers n bytes into each side's data.
  const cSeq = (n: number): number => C_ISN + 1 + n;
  const sSeq = (n: number): number => S_ISN + 1 + n;
  const handshakeOpts = TcpOpt.Mss | TcpOpt.WindowScale | TcpOpt.SackPermitted | TcpOpt.Timestamps;

  add({ ms: 0, fromClient: true, flags: TcpFlag.Syn, seq: C_ISN, ack: 0, len: 0, win: 64240, opts: handshakeOpts });
  add({ ms: 1, fromClient: false, flags: TcpFlag.Syn | A, seq: S_ISN, ack: cSeq(0), len: 0, win: 65160, opts: handshakeOpts });
  add({ ms: 2, fromClient: true, flags: A, seq: cSeq(0), ack: sSeq(0), len: 0, win: WINDOW });
  for (let k = 0; k < 6; k++) add({ ms: 3 + k, fromClient: true, flags: A | TcpFlag.Psh, seq: cSeq(k * MSS), ack: sSeq(0), len: MSS, win: WINDOW });
  add({ ms: 10, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(2 * MSS), len: 0, win: WINDOW });
  // A segment lost before the capture point, then duplicate ACKs with SACK blocks and a fast resend.
  add({ ms: 11, fromClient: true, flags: A, seq: cSeq(7 * MSS), ack: sSeq(0), len: MSS, win: WINDOW });
  for (let k = 0; k < 3; k++) {
    add({ ms: 12 + k, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(2 * MSS), len: 0, win: WINDOW, opts: TcpOpt.Sack, sack: [cSeq(7 * MSS), cSeq(8 * MSS)] });
  }
  add({ ms: 15, fromClient: true, flags: A, seq: cSeq(2 * MSS), ack: sSeq(0), len: MSS, win: WINDOW });
  // A partial ACK over the now out-of-order list, the same ACK again, new data, a reordered one.
  add({ ms: 16, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(2 * MSS + MSS / 2), len: 0, win: WINDOW });
  add({ ms: 17, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(2 * MSS + MSS / 2), len: 0, win: WINDOW });
  add({ ms: 18, fromClient: true, flags: A, seq: cSeq(8 * MSS), ack: sSeq(0), len: MSS, win: WINDOW });
  add({ ms: 18.5, fromClient: true, flags: A, seq: cSeq(5 * MSS), ack: sSeq(0), len: MSS, win: WINDOW });
  // A resend after a timeout, and one of data already acknowledged.
  add({ ms: 320, fromClient: true, flags: A, seq: cSeq(3 * MSS), ack: sSeq(0), len: MSS, win: WINDOW });
  add({ ms: 321, fromClient: true, flags: A, seq: cSeq(0), ack: sSeq(0), len: MSS, win: WINDOW });
  // Everything acknowledged with a closed window; a probe, its ACK, the window reopening.
  add({ ms: 330, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(9 * MSS), len: 0, win: 0 });
  add({ ms: 530, fromClient: true, flags: A, seq: cSeq(9 * MSS), ack: sSeq(0), len: 1, win: WINDOW });
  add({ ms: 531, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(9 * MSS), len: 0, win: 0 });
  add({ ms: 700, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(9 * MSS), len: 0, win: WINDOW });
  // A keep-alive and its ACK; a segment that fills the window exactly.
  add({ ms: 1700, fromClient: true, flags: A, seq: cSeq(9 * MSS - 1), ack: sSeq(0), len: 0, win: WINDOW });
  add({ ms: 1701, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(9 * MSS), len: 0, win: WINDOW });
  add({ ms: 1702, fromClient: true, flags: A, seq: cSeq(9 * MSS), ack: sSeq(0), len: WINDOW * 128, win: WINDOW });
  const end = 9 * MSS + WINDOW * 128;
  // A burst, acknowledged at once.
  for (let k = 0; k < BURST_SEGMENTS; k++) {
    add({ ms: 1703 + k * 0.01, fromClient: true, flags: A, seq: cSeq(end + k * 100), ack: sSeq(0), len: 100, win: WINDOW });
  }
  const last = end + BURST_SEGMENTS * 100;
  add({ ms: 1720, fromClient: false, flags: A, seq: sSeq(0), ack: cSeq(last), len: 0, win: WINDOW });
  // Closing with data on the FIN, then a reset; the ports used again with a new ISN.
  add({ ms: 1721, fromClient: true, flags: A | TcpFlag.Fin, seq: cSeq(last), ack: sSeq(0), len: 10, win: WINDOW });
  add({ ms: 1722, fromClient: false, flags: A | TcpFlag.Fin, seq: sSeq(0), ack: cSeq(last + 11), len: 0, win: WINDOW });
  add({ ms: 1723, fromClient: true, flags: TcpFlag.Rst, seq: cSeq(last + 11), ack: 0, len: 0, win: 0 });
  add({ ms: 1800, fromClient: true, flags: TcpFlag.Syn, seq: 0xa000_0000, ack: 0, len: 0, win: 64240, opts: handshakeOpts });
  add({ ms: 1801, fromClient: false, flags: TcpFlag.Syn | A, seq: 0xb000_0000, ack: 0xa000_0001, len: 0, win: 65160, opts: handshakeOpts });
  for (let k = 0; k < SHORT_CONVERSATIONS; k++) {
    add({ ms: 1900 + k, fromClient: true, flags: TcpFlag.Syn, seq: 0xc000_0000 + 10_000 * k, ack: 0, len: 0, win: 64240, sport: 41000 + k });
  }
  add({ ms: 2000, fromClient: true, flags: 0, seq: 0, ack: 0, len: 100, win: 0, proto: Proto.Udp, sport: 5353 });
  add({ ms: 2001, fromClient: false, flags: 0, seq: 0, ack: 0, len: 100, win: 0, proto: Proto.Udp, sport: 5353 });
  add({ ms: 2002, fromClient: true, flags: 0, seq: 0, ack: 0, len: 0, win: 0, proto: Proto.Other });
  return b.finish();
}
