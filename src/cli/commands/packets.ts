// `sockscope packets FILE [--format tsv|json]`: one row per packet, like tshark -T fields
// (columns and meanings in design/CLI.md). Output is written in batches of rows, so a capture
// of millions of packets neither makes millions of writes nor one giant string; TSV rows are
// assembled as bytes (AsciiBatch), with no string per row.
import { PROTO_NAMES, Proto, type PacketTable } from '../../core/capture/packetTable';
import { analyzeFlows, analysisFlagList } from '../../core/flows';
import { captureJsonHead, parseFileAndFormat, readCaptureForCli, warningLine } from '../captureInput';
import type { CliIo, Command } from '../cliIo';
import { AsciiBatch } from './asciiBatch';

const COLUMNS = [
  'frame', 'time', 'flow', 'proto', 'src', 'sport', 'dst', 'dport',
  'flags', 'seq_raw', 'ack_raw', 'win', 'len', 'analysis',
] as const;
const ROWS_PER_WRITE = 8192;

export const packetsCommand: Command = async (args, io) => {
  const { file, format } = parseFileAndFormat('packets', args, ['tsv', 'json'] as const);
  const table = await readCaptureForCli(file, io);
  for (const w of table.warnings) io.err(warningLine(file, w));
  const analysis = analyzeFlows(table);
  if (format === 'tsv') await writeTsv(io, table, analysis.flowOf, analysis.flags);
  else await writeJson(io, new RowText(table, analysis.flowOf, analysis.flags), table, file);
  return 0;
};

/** The printed fields of row i; absent fields are null. */
class RowText {
  constructor(
    private readonly t: PacketTable,
    private readonly flowOf: Int32Array,
    private readonly flags: Uint32Array,
  ) {}

  time(i: number): string {
    const digits = this.t.timePrecision;
    const secs = this.t.secs[i];
    if (digits <= 0) return String(secs);
    return `${secs}.${String(this.t.nanos[i]).padStart(9, '0').slice(0, digits)}`;
  }

  fields(i: number): (string | number | null)[] {
    const t = this.t;
    const proto = t.proto[i];
    const isTcp = proto === Proto.Tcp;
    const hasPorts = isTcp || proto === Proto.Udp || proto === Proto.IcmpQuote;
    const flow = this.flowOf[i];
    return [
      i + 1,
      this.time(i),
      flow >= 0 ? `f${flow}` : null,
      PROTO_NAMES[proto] ?? 'other',
      t.src[i] < t.addrs.length ? t.addrs[t.src[i]] : null,
      hasPorts ? t.sport[i] : null,
      t.dst[i] < t.addrs.length ? t.addrs[t.dst[i]] : null,
      hasPorts ? t.dport[i] : null,
      isTcp ? `0x${t.tcpFlags[i].toString(16).padStart(4, '0')}` : null,
      isTcp ? t.seq[i] : null,
      isTcp ? t.ack[i] : null,
      isTcp ? t.win[i] : null,
      isTcp || proto === Proto.Udp ? t.len[i] : null,
      analysisFlagList(this.flags[i]) || null,
    ];
  }
}

async function writeTsv(io: CliIo, t: PacketTable, flowOf: Int32Array, flags: Uint32Array): Promise<void> {
  const out = new AsciiBatch(io);
  const addrs = t.addrs.map((a) => out.encode(a));
  const protos = PROTO_NAMES.map((p) => out.encode(p));
  const flagLists = new Map<number, Uint8Array>();
  const digits = t.timePrecision;
  out.bytes(out.encode(COLUMNS.join('\t')));
  out.newline();
  for (let i = 0; i < t.count; i++) {
    if (i % ROWS_PER_WRITE === 0 && io.drain) await io.drain();
    out.startRow();
    const proto = t.proto[i];
    const isTcp = proto === Proto.Tcp;
    const hasPorts = isTcp || proto === Proto.Udp || proto === Proto.IcmpQuote;
    out.uint(i + 1);
    out.tab();
    out.uint(t.secs[i]);
    if (digits > 0) {
      out.byte(0x2e);
      out.fraction(t.nanos[i], 9, Math.min(9, digits));
    }
    out.tab();
    const flow = flowOf[i];
    if (flow >= 0) {
      out.byte(0x66); // 'f'
      out.uint(flow);
    }
    out.tab();
    out.bytes(protos[proto] ?? protos[0]);
    out.tab();
    if (t.src[i] < addrs.length) out.bytes(addrs[t.src[i]]);
    out.tab();
    if (hasPorts) out.uint(t.sport[i]);
    out.tab();
    if (t.dst[i] < addrs.length) out.bytes(addrs[t.dst[i]]);
    out.tab();
    if (hasPorts) out.uint(t.dport[i]);
    out.tab();
    if (isTcp) {
      out.byte(0x30);
      out.byte(0x78); // '0x'
      out.hex(t.tcpFlags[i], 4);
      out.tab();
      out.uint(t.seq[i]);
      out.tab();
      out.uint(t.ack[i]);
      out.tab();
      out.uint(t.win[i]);
    } else {
      out.tab();
      out.tab();
      out.tab();
    }
    out.tab();
    if (isTcp || proto === Proto.Udp) out.uint(t.len[i]);
    out.tab();
    const bits = flags[i];
    if (bits !== 0) {
      let list = flagLists.get(bits);
      if (!list) {
        list = out.encode(analysisFlagList(bits));
        flagLists.set(bits, list);
      }
      out.bytes(list);
    }
    out.newline();
  }
  out.flush();
}

async function writeJson(io: CliIo, rows: RowText, t: PacketTable, file: string): Promise<void> {
  const opening = JSON.stringify(captureJsonHead(file, t));
  io.out(`${opening.slice(0, -1)},"packets":[`);
  let batch: string[] = [];
  for (let i = 0; i < t.count; i++) {
    const values = rows.fields(i);
    const row: Record<string, string | number | null> = {};
    for (let k = 0; k < COLUMNS.length; k++) row[COLUMNS[k]] = values[k];
    batch.push(`${i === 0 ? '' : ','}\n${JSON.stringify(row)}`);
    if (batch.length >= ROWS_PER_WRITE) {
      io.out(batch.join(''));
      batch = [];
      await io.drain?.();
    }
  }
  io.out(`${batch.join('')}\n]}\n`);
}
