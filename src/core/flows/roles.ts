// Who is the client of a conversation. The SYN sender is (RFC 9293 §3.5); failing that the
// receiver of a SYN+ACK; failing both, the port numbers decide: a server listens on a
// well-known port (< 1024) if either side uses one, and otherwise on the lower port, because
// clients draw their source port from the high ephemeral range (Linux 32768–60999, IANA
// 49152–65535) while services sit on registered ports (1024–49151). Equal ports: the first
// packet's receiver is taken as the server.
import type { ConversationTable } from './conversation';

const WELL_KNOWN_LIMIT = 1024;

/** 0 when side A (the first packet's sender) of conversation c is the client, 1 when side B is. */
export function clientSide(convs: ConversationTable, c: number): 0 | 1 {
  if (convs.synSender[c] >= 0) return convs.synSender[c] as 0 | 1;
  if (convs.synAckSender[c] >= 0) return (1 - convs.synAckSender[c]) as 0 | 1;
  return clientSideByPorts(convs.portA[c], convs.portB[c]);
}

/** Port rule alone, for flows without a handshake: 0 when the A port looks like the client's. */
export function clientSideByPorts(portA: number, portB: number): 0 | 1 {
  const aWellKnown = portA < WELL_KNOWN_LIMIT;
  const bWellKnown = portB < WELL_KNOWN_LIMIT;
  if (aWellKnown !== bWellKnown) return aWellKnown ? 1 : 0;
  if (portA === portB) return 0;
  return portA > portB ? 0 : 1;
}
