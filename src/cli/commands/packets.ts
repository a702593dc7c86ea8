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
  else await writeJson(io, table, analysis.flowOf, analysis.flags, file);
  return 0;
};

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

/**
 * The same rows as JSON: what `JSON.stringify` gives for each row's object of the COLUMNS (absent
 * fields null), one per line, assembled as bytes like the TSV. Texts that came from the capture
 * (addresses, a text log's host names) are JSON-encoded once each, as JSON.stringify encodes them.
 */
async function writeJson(io: CliIo, t: PacketTable, flowOf: Int32Array, flags: Uint32Array, file: string): Promise<void> {
  const opening = JSON.stringify(captureJsonHead(file, t));
  io.out(`${opening.slice(0, -1)},"packets":[`);
  const out = new AsciiBatch(io);
  const json = (value: string): Uint8Array => out.encode(JSON.stringify(value));
  const key = (name: (typeof COLUMNS)[number], first = false): Uint8Array => out.encode(`${first ? '{' : ','}"${name}":`);
  const keys = Object.fromEntries(COLUMNS.map((name, k) => [name, key(name, k === 0)])) as Record<(typeof COLUMNS)[number], Uint8Array>;
  const addrs = t.addrs.map(json);
  const protos = PROTO_NAMES.map(json);
  const nothing = out.encode('null');
  const flagLists = new Map<number, Uint8Array>();
  const digits = t.timePrecision;
  for (let i = 0; i < t.count; i++) {
    if (i % ROWS_PER_WRITE === 0 && io.drain) await io.drain();
    out.startRow();
    if (i > 0) out.byte(0x2c); // ','
    out.newline();
    const proto = t.proto[i];
    const isTcp = proto === Proto.Tcp;
    const hasPorts = isTcp || proto === Proto.Udp || proto === Proto.IcmpQuote;
    out.bytes(keys.frame);
    out.uint(i + 1);
    out.bytes(keys.time);
    out.byte(0x22);
    out.uint(t.secs[i]);
    if (digits > 0) {
      out.byte(0x2e);
      out.fraction(t.nanos[i], 9, Math.min(9, digits));
    }
    out.byte(0x22);
    out.bytes(keys.flow);
    const flow = flowOf[i];
    if (flow >= 0) {
      out.byte(0x22);
      out.byte(0x66); // 'f'
      out.uint(flow);
      out.byte(0x22);
    } else out.bytes(nothing);
    out.bytes(keys.proto);
    out.bytes(protos[proto] ?? protos[0]);
    out.bytes(keys.src);
    out.bytes(t.src[i] < addrs.length ? addrs[t.src[i]] : nothing);
    out.bytes(keys.sport);
    if (hasPorts) out.uint(t.sport[i]);
    else out.bytes(nothing);
    out.bytes(keys.dst);
    out.bytes(t.dst[i] < addrs.length ? addrs[t.dst[i]] : nothing);
    out.bytes(keys.dport);
    if (hasPorts) out.uint(t.dport[i]);
    else out.bytes(nothing);
    out.bytes(keys.flags);
    if (isTcp) {
      out.byte(0x22);
      out.byte(0x30);
      out.byte(0x78); // '0x'
      out.hex(t.tcpFlags[i], 4);
      out.byte(0x22);
    } else out.bytes(nothing);
    for (const [name, column] of [['seq_raw', t.seq], ['ack_raw', t.ack], ['win', t.win]] as const) {
      out.bytes(keys[name]);
      if (isTcp) out.uint(column[i]);
      else out.bytes(nothing);
    }
    out.bytes(keys.len);
    if (isTcp || proto === Proto.Udp) out.uint(t.len[i]);
    else out.bytes(nothing);
    out.bytes(keys.analysis);
    const bits = flags[i];
    let list = flagLists.get(bits);
    if (!list) {
      const names = analysisFlagList(bits);
      list = names ? json(names) : nothing;
      flagLists.set(bits, list);
    }
    out.bytes(list);
    out.byte(0x7d); // '}'
  }
  out.flush();
  io.out('\n]}\n');
}
