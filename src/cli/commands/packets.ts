// `sockscope packets FILE [--format tsv|json]`: one row per packet, like tshark -T fields
// (columns and meanings in design/CLI.md). Output is written in batches of rows, so a capture
// of millions of packets neither makes millions of writes nor one giant string; rows, TSV or
// JSON, are assembled as bytes (AsciiBatch), with no string per row.
import { PROTO_NAMES, Proto, type PacketTable } from '../../core/capture/packetTable';
import { analyzeFlows, analysisFlagList } from '../../core/flows';
import { captureJsonHead, parseFileAndFormat, readCaptureForCli, warningLine } from '../captureInput';
import type { CliIo, Command } from '../cliIo';
import { AsciiBatch, ROWS_PER_DRAIN } from './asciiBatch';

const COLUMNS = [
  'frame', 'time', 'flow', 'proto', 'src', 'sport', 'dst', 'dport',
  'flags', 'seq_raw', 'ack_raw', 'win', 'len', 'analysis',
] as const;

export const packetsCommand: Command = async (args, io) => {
  const { file, format } = parseFileAndFormat('packets', args, ['tsv', 'json'] as const);
  const table = await readCaptureForCli(file, io);
  for (const w of table.warnings) io.err(warningLine(file, w));
  const analysis = analyzeFlows(table);
  const out = new AsciiBatch(io);
  if (format === 'tsv') {
    out.bytes(out.encode(`${COLUMNS.join('\t')}\n`));
    await writeRows(io, out, tsvSpelling(out), table, analysis.flowOf, analysis.flags);
  } else {
    const opening = JSON.stringify(captureJsonHead(file, table));
    io.out(`${opening.slice(0, -1)},"packets":[`);
    await writeRows(io, out, jsonSpelling(out), table, analysis.flowOf, analysis.flags);
    io.out('\n]}\n');
  }
  return 0;
};

/**
 * How a format spells a row (every value itself is written the same way for both): what goes
 * before each field, whether the values the format quotes (time, flow, flags) get quotes, what an
 * absent field is, how texts from the capture are written, and what starts and ends a row.
 */
interface RowSpelling {
  /** Before the first row's first field, and before every other row's. */
  firstRowStart: Uint8Array;
  rowStart: Uint8Array;
  /** Before field k (index in COLUMNS). */
  before: Uint8Array[];
  quoted: boolean;
  absent: Uint8Array;
  text(value: string): Uint8Array;
  rowEnd: Uint8Array;
}

/** Tab-separated, absent fields empty, texts as they are. */
function tsvSpelling(out: AsciiBatch): RowSpelling {
  const nothing = new Uint8Array(0);
  return {
    firstRowStart: nothing,
    rowStart: nothing,
    before: COLUMNS.map((_, k) => (k === 0 ? nothing : Uint8Array.of(0x09))),
    quoted: false,
    absent: nothing,
    text: (value) => out.encode(value),
    rowEnd: Uint8Array.of(0x0a),
  };
}

/**
 * What `JSON.stringify` gives for each row's object of the COLUMNS (absent fields null), one per
 * line; texts that came from the capture (addresses, a text log's host names) are JSON-encoded as
 * JSON.stringify encodes them.
 */
function jsonSpelling(out: AsciiBatch): RowSpelling {
  return {
    firstRowStart: out.encode('\n'),
    rowStart: out.encode(',\n'),
    before: COLUMNS.map((name, k) => out.encode(`${k === 0 ? '{' : ','}"${name}":`)),
    quoted: true,
    absent: out.encode('null'),
    text: (value) => out.encode(JSON.stringify(value)),
    rowEnd: Uint8Array.of(0x7d),
  };
}

/** Index of each field in COLUMNS. */
const enum Field {
  Frame,
  Time,
  Flow,
  Proto,
  Src,
  Sport,
  Dst,
  Dport,
  Flags,
  Seq,
  Ack,
  Win,
  Len,
  Analysis,
}

/** Every row, in batches of bytes, as `spelling` spells them. */
async function writeRows(io: CliIo, out: AsciiBatch, spelling: RowSpelling, t: PacketTable, flowOf: Int32Array, flags: Uint32Array): Promise<void> {
  const { before, absent, quoted } = spelling;
  // Texts from the capture are spelled once each, not once per row.
  const addrs = t.addrs.map(spelling.text);
  const protos = PROTO_NAMES.map(spelling.text);
  const flagLists = new Map<number, Uint8Array>();
  const digits = t.timePrecision;
  const quote = (): void => {
    if (quoted) out.byte(0x22);
  };
  for (let i = 0; i < t.count; i++) {
    if (i % ROWS_PER_DRAIN === 0) await io.drain?.();
    out.startRow();
    out.bytes(i === 0 ? spelling.firstRowStart : spelling.rowStart);
    const proto = t.proto[i];
    const isTcp = proto === Proto.Tcp;
    const hasPorts = isTcp || proto === Proto.Udp || proto === Proto.IcmpQuote;
    out.bytes(before[Field.Frame]);
    out.uint(i + 1);
    out.bytes(before[Field.Time]);
    quote();
    out.uint(t.secs[i]);
    if (digits > 0) {
      out.byte(0x2e);
      out.fraction(t.nanos[i], 9, Math.min(9, digits));
    }
    quote();
    out.bytes(before[Field.Flow]);
    const flow = flowOf[i];
    if (flow >= 0) {
      quote();
      out.byte(0x66); // 'f'
      out.uint(flow);
      quote();
    } else out.bytes(absent);
    out.bytes(before[Field.Proto]);
    out.bytes(protos[proto] ?? protos[0]);
    out.bytes(before[Field.Src]);
    out.bytes(t.src[i] < addrs.length ? addrs[t.src[i]] : absent);
    out.bytes(before[Field.Sport]);
    if (hasPorts) out.uint(t.sport[i]);
    else out.bytes(absent);
    out.bytes(before[Field.Dst]);
    out.bytes(t.dst[i] < addrs.length ? addrs[t.dst[i]] : absent);
    out.bytes(before[Field.Dport]);
    if (hasPorts) out.uint(t.dport[i]);
    else out.bytes(absent);
    out.bytes(before[Field.Flags]);
    if (isTcp) {
      quote();
      out.byte(0x30);
      out.byte(0x78); // '0x'
      out.hex(t.tcpFlags[i], 4);
      quote();
    } else out.bytes(absent);
    out.bytes(before[Field.Seq]);
    if (isTcp) out.uint(t.seq[i]);
    else out.bytes(absent);
    out.bytes(before[Field.Ack]);
    if (isTcp) out.uint(t.ack[i]);
    else out.bytes(absent);
    out.bytes(before[Field.Win]);
    if (isTcp) out.uint(t.win[i]);
    else out.bytes(absent);
    out.bytes(before[Field.Len]);
    if (isTcp || proto === Proto.Udp) out.uint(t.len[i]);
    else out.bytes(absent);
    out.bytes(before[Field.Analysis]);
    const bits = flags[i];
    let list = flagLists.get(bits);
    if (!list) {
      const names = analysisFlagList(bits);
      list = names ? spelling.text(names) : absent;
      flagLists.set(bits, list);
    }
    out.bytes(list);
    out.bytes(spelling.rowEnd);
  }
  out.flush();
}
