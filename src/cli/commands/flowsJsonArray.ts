// The `flows` array of `diagnose --format json` and `flows --format json`, written as bytes
// straight from the flow columns: byte for byte what JSON.stringify gives for flowsToJson's
// objects at that place (test/cli/flowsJsonArray.test.ts), without an object or a string per
// flow. For a SYN flood's million one-packet flows the objects, their texts and the collector's
// work on them were 12 of `diagnose --format json`'s 18 s.
import { absTime, type PacketTable } from '../../core/capture/packetTable';
import { roundTime } from '../../core/flows/flowJson';
import { flowColumns, PROTOS, STATES, type PackedFlows } from '../../core/flows/packedFlows';
import type { Flow } from '../../core/flows/types';
import type { CliIo } from '../cliIo';
import { SelfWrittenArray } from '../jsonWriter';
import { AsciiBatch, ROWS_PER_DRAIN } from './asciiBatch';

const UDP = PROTOS.indexOf('udp');

export class FlowsJsonArray extends SelfWrittenArray {
  readonly length: number;

  constructor(
    private readonly io: Pick<CliIo, 'out' | 'outBytes' | 'drain'>,
    private readonly table: PacketTable,
    private readonly flows: readonly Flow[],
  ) {
    super();
    this.length = flows.length;
  }

  async writeElements(indent: number): Promise<void> {
    const out = new AsciiBatch(this.io);
    const text = layout(out, indent);
    const p: PackedFlows = flowColumns(this.flows);
    const t = this.table;
    const microseconds = t.timePrecision === 6;
    for (let id = 0; id < p.count; id++) {
      if (id % ROWS_PER_DRAIN === 0) await this.io.drain?.();
      out.startRow();
      out.bytes(id === 0 ? text.firstOpen : text.open);
      out.uint(id);
      out.bytes(text.proto);
      out.bytes(text.protoNames[p.proto[id]]);
      out.bytes(text.client);
      out.jsonString(t.addrs[p.clientAddr[id]] ?? '');
      out.bytes(text.port);
      out.uint(p.clientPort[id]);
      out.bytes(text.server);
      out.jsonString(t.addrs[p.serverAddr[id]] ?? '');
      out.bytes(text.port);
      out.uint(p.serverPort[id]);
      out.bytes(text.packets);
      out.uint(p.packets[id]);
      out.bytes(text.firstFrame);
      out.uint(p.firstRow[id] + 1);
      out.bytes(text.lastFrame);
      out.uint(p.lastRow[id] + 1);
      out.bytes(text.start);
      writeTime(out, t, p.firstRow[id], microseconds);
      out.bytes(text.end);
      writeTime(out, t, p.lastRow[id], microseconds);
      out.bytes(text.toServer);
      out.jsonNumber(p.payloadBytes[2 * id]);
      out.bytes(text.toClient);
      out.jsonNumber(p.payloadBytes[2 * id + 1]);
      out.bytes(text.state);
      out.bytes(text.stateNames[p.state[id]]);
      if (p.proto[id] === UDP) {
        out.bytes(text.datagrams);
        out.uint(p.packets[id]);
      }
      out.bytes(text.close);
    }
    out.flush();
  }
}

const DOT = 0x2e;
const SECONDS_LIMIT = 2 ** 32;

/**
 * Row i's time as roundTime and JSON.stringify write it. With microseconds, whole seconds below
 * 2^32 and a whole number of microseconds (pcap, most pcapng, text logs), that is the seconds,
 * and the six decimals without their trailing zeros, written here without the three strings
 * that way makes (toFixed, then Number's text), 1.1 of the SYN flood's 8 s. Exact: below 2^32
 * doubles lie less than 5e-7 apart, so toFixed(6) gives those digits, and any shorter decimal
 * lies at least 1e-6 from them, too far to read back as the same double.
 */
function writeTime(out: AsciiBatch, t: PacketTable, i: number, microseconds: boolean): void {
  const secs = t.secs[i];
  const nanos = t.nanos[i];
  if (!microseconds || nanos % 1000 !== 0 || !(nanos >= 0 && nanos < 1e9) || !Number.isInteger(secs) || !(secs >= 0 && secs < SECONDS_LIMIT)) {
    out.jsonNumber(roundTime(t, absTime(t, i)));
    return;
  }
  out.uint(secs);
  let micros = nanos / 1000;
  if (micros === 0) return;
  let digits = 6;
  while (micros % 10 === 0) {
    micros /= 10;
    digits--;
  }
  out.byte(DOT);
  out.fraction(micros, digits, digits);
}

/** The fixed bytes between a flow's values, for elements of a top-level array indented by `indent`. */
function layout(out: AsciiBatch, indent: number) {
  const at = (level: number): string => `\n${' '.repeat(level * indent)}`;
  const member = (name: string, level = 3): string => `,${at(level)}"${name}": `;
  const bytes = (s: string): Uint8Array => out.encode(s);
  return {
    firstOpen: bytes(`${at(2)}{${at(3)}"id": "f`),
    open: bytes(`,${at(2)}{${at(3)}"id": "f`),
    proto: bytes(`"${member('proto')}`),
    protoNames: PROTOS.map((s) => bytes(`"${s}"`)),
    client: bytes(`${member('client')}{${at(4)}"addr": `),
    server: bytes(`${at(3)}}${member('server')}{${at(4)}"addr": `),
    port: bytes(member('port', 4)),
    packets: bytes(`${at(3)}}${member('packets')}`),
    firstFrame: bytes(member('firstFrame')),
    lastFrame: bytes(member('lastFrame')),
    start: bytes(member('start')),
    end: bytes(member('end')),
    toServer: bytes(`${member('bytes')}{${at(4)}"toServer": `),
    toClient: bytes(member('toClient', 4)),
    state: bytes(`${at(3)}}${member('state')}`),
    stateNames: STATES.map((s) => bytes(`"${s}"`)),
    datagrams: bytes(member('datagrams')),
    close: bytes(`${at(2)}}`),
  };
}
