// `host.port` endpoints as tcpdump prints them: the port follows the LAST dot, since the host
// itself may hold dots (names, IPv4) or colons (IPv6); it is a number, or a service name without
// -n. Hosts are kept exactly as printed (names included). Each distinct token is split once and
// remembered, so a packet costs a hash, not a string.
import { AddressInterner } from './addressInterner';
import { CH_COLON, CH_DOT, isDigit, sameBytes } from './lineScan';
import { servicePort } from './serviceNames';

const decoder = new TextDecoder('utf-8');

export const enum PortRule {
  /** TCP and UDP lines: the token must end in `.port`. */
  Required = 0,
  /** Other lines: a port only when the token's shape says so (`1.2.3.4` is a bare address). */
  IfPresent = 1,
}

interface Split {
  bytes: Uint8Array;
  rule: PortRule;
  host: number;
  /** -1: no port. */
  port: number;
}

export class EndpointReader {
  private readonly cache = new Map<number, Split>();
  host = 0;
  /** -1 when the endpoint has no port. */
  port = -1;

  constructor(private readonly addrs: AddressInterner) {}

  /** Splits buf[start, end) into host id and port; false when a required port is missing. */
  read(buf: Uint8Array, start: number, end: number, rule: PortRule): boolean {
    if (end <= start) return false;
    let h = 0x811c9dc5 ^ rule;
    for (let p = start; p < end; p++) h = Math.imul(h ^ buf[p], 0x01000193);
    // A small-integer key keeps the Map lookup off the heap-number path.
    h &= 0x3fffffff;
    const hit = this.cache.get(h);
    if (hit !== undefined && hit.rule === rule && sameBytes(hit.bytes, buf, start, end)) {
      this.host = hit.host;
      this.port = hit.port;
      return true;
    }
    const portStart = portOf(buf, start, end, rule);
    if (portStart === -2) return false;
    if (portStart < 0) {
      this.port = -1;
      this.host = this.addrs.intern(buf, start, end);
    } else {
      let port = 0;
      if (isDigit(buf[portStart])) {
        for (let p = portStart; p < end; p++) port = port * 10 + buf[p] - 0x30;
      } else {
        port = servicePort(decoder.decode(buf.subarray(portStart, end)));
      }
      if (port < 0 || port > 65535) {
        if (rule === PortRule.Required) return false;
        this.port = -1;
        this.host = this.addrs.intern(buf, start, end);
      } else {
        this.port = port;
        this.host = this.addrs.intern(buf, start, portStart - 1);
      }
    }
    if (hit === undefined) {
      this.cache.set(h, { bytes: buf.slice(start, end), rule, host: this.host, port: this.port });
    }
    return true;
  }
}

/**
 * Start of the port text, -1 when the token has no port, -2 when a required port is absent.
 */
function portOf(buf: Uint8Array, start: number, end: number, rule: PortRule): number {
  let lastDot = -1;
  let dots = 0;
  let colons = 0;
  let allNumeric = true;
  for (let p = start; p < end; p++) {
    const c = buf[p];
    if (c === CH_DOT) {
      lastDot = p;
      dots++;
    } else if (c === CH_COLON) colons++;
    else if (!isDigit(c)) allNumeric = false;
  }
  if (lastDot < 0 || lastDot === end - 1 || lastDot === start) return rule === PortRule.Required ? -2 : -1;
  const portStart = lastDot + 1;
  let numericPort = true;
  for (let p = portStart; p < end; p++) if (!isDigit(buf[p])) numericPort = false;
  if (numericPort && end - portStart > 5) return rule === PortRule.Required ? -2 : -1;
  if (rule === PortRule.Required) return portStart;
  // Bare addresses: dotted IPv4 has three dots, and so has an IPv4-mapped IPv6 address.
  if (colons === 0 && allNumeric && dots === 3) return -1;
  if (colons > 0 && dots === 3) return -1;
  if (!numericPort && servicePort(decoder.decode(buf.subarray(portStart, end))) < 0) return -1;
  return portStart;
}
