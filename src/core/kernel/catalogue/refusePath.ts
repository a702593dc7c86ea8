// Stage map section E: a segment for which no socket exists is answered with a RST, and the
// receiver of a RST turns it into an errno. Facts from design/kernel/stages.md, in our words.
import type { KernelFunction } from './types';

export const REFUSE_FUNCTIONS: readonly KernelFunction[] = [
  {
    name: 'tcp_v4_rcv',
    searchNames: ['tcp_v4_rcv'],
    files: ['net/ipv4/tcp_ipv4.c'],
    role: 'Entry point for every incoming IPv4 TCP segment: finds its socket or answers with a RST.',
    anchors: [
      { id: 'lookup', pattern: /__inet_lookup_skb\(|tcp_v4_lookup\(|__tcp_v4_lookup\(/, note: 'Looks up an established socket, then a listener, by the four-tuple.' },
      { id: 'no_socket', pattern: /^no_tcp_socket:/, note: 'No socket wants this segment: a closed port, or a connection this host has forgotten.', onFinding: 'the segment landed here' },
      { id: 'reset', pattern: /tcp_v4_send_reset\((NULL, )?skb/, note: 'Answers with a RST.', onFinding: 'the RST on the wire was sent from here' },
    ],
    versions: [{ versions: '2.6.9', note: 'Lookup through __tcp_v4_lookup; tcp_v4_send_reset takes only the skb.' }],
  },
  {
    name: 'tcp_v4_send_reset',
    searchNames: ['tcp_v4_send_reset'],
    files: ['net/ipv4/tcp_ipv4.c'],
    role: 'Builds the RST reply from the offending segment and sends it through the per-namespace control socket.',
    anchors: [
      { id: 'never_rst_rst', pattern: /if \(th->rst\)/, note: 'A RST is never answered with a RST.' },
      { id: 'rst_bit', pattern: /\.rst\s*= 1/, note: 'Sets the RST flag.' },
      { id: 'ack_bit', pattern: /ack_seq = |\.ack = 1/, note: 'Segment without ACK (a SYN): RST|ACK acknowledging it, sequence 0; with ACK: bare RST at its ack number.', onFinding: 'this is why the RST acknowledged the SYN' },
      { id: 'counter', pattern: /TCP_MIB_OUTRSTS/, note: 'Counted as OutRsts.' },
    ],
    versions: [],
  },
  {
    name: 'tcp_v6_rcv',
    searchNames: ['tcp_v6_rcv'],
    files: ['net/ipv6/tcp_ipv6.c'],
    role: 'IPv6 counterpart of tcp_v4_rcv.',
    anchors: [
      { id: 'no_socket', pattern: /^no_tcp_socket:/, note: 'No socket for this segment.', onFinding: 'the segment landed here' },
      { id: 'reset', pattern: /tcp_v6_send_reset\((NULL, )?skb/, note: 'Answers with a RST.' },
    ],
    versions: [],
  },
  {
    name: 'tcp_v6_send_reset',
    searchNames: ['tcp_v6_send_reset'],
    files: ['net/ipv6/tcp_ipv6.c'],
    role: 'IPv6 counterpart of tcp_v4_send_reset.',
    anchors: [{ id: 'never_rst_rst', pattern: /if \(th->rst\)/, note: 'A RST is never answered with a RST.' }],
    versions: [],
  },
  {
    name: 'tcp_reset',
    searchNames: ['tcp_reset'],
    files: ['net/ipv4/tcp_input.c'],
    role: 'On receiving a RST: choose the error the application sees, by connection state.',
    anchors: [
      { id: 'refused', pattern: /ECONNREFUSED/, note: 'In SYN_SENT: connect() fails with ECONNREFUSED.', onFinding: 'connect() failed with this error' },
      { id: 'pipe', pattern: /EPIPE/, note: 'In CLOSE_WAIT: EPIPE.' },
      { id: 'reset', pattern: /ECONNRESET/, note: 'Otherwise ECONNRESET.', onFinding: 'the application saw this error' },
    ],
    versions: [],
  },
  {
    name: '__udp4_lib_rcv',
    searchNames: ['__udp4_lib_rcv', 'udp_rcv'],
    files: ['net/ipv4/udp.c'],
    role: 'UDP input: a datagram for a port without a socket draws an ICMP port unreachable.',
    anchors: [{ id: 'port_unreach', pattern: /ICMP_PORT_UNREACH/, note: 'ICMP type 3 code 3; a connected sender later sees ECONNREFUSED.' }],
    versions: [{ versions: '2.6.9', note: 'Named udp_rcv.' }],
  },
];
