// Stage map section F: UDP datagrams assembled from several writes under cork or MSG_MORE.
// Facts from design/kernel/stages.md, restated in our words.
import type { KernelFunction } from './types';

export const UDP_CORK_FUNCTIONS: readonly KernelFunction[] = [
  {
    name: 'udp_sendmsg',
    searchNames: ['udp_sendmsg'],
    files: ['net/ipv4/udp.c'],
    role: 'UDP send: either builds and sends one datagram now, or appends to a corked datagram.',
    anchors: [
      { id: 'corkreq', pattern: /corkreq = /, note: 'Cork requested: the UDP_CORK option or MSG_MORE on this call.', onFinding: 'the writes were corked by this decision' },
      { id: 'msg_more', pattern: /MSG_MORE/, note: 'MSG_MORE: more data follows for the same datagram.' },
      { id: 'pending', pattern: /up->pending/, note: 'A corked datagram is already pending: append to it.' },
      { id: 'make_skb', pattern: /ip_make_skb\(/, note: 'Not corked: build one complete datagram without the socket lock.' },
      { id: 'send_skb', pattern: /udp_send_skb\(/, note: 'Sends that datagram at once.' },
      { id: 'flush_err', pattern: /udp_flush_pending_frames\(sk\)/, note: 'An error drops the corked data.' },
      { id: 'append', pattern: /ip_append_data\(/, note: 'Corked: append this write to the pending datagram.' },
      { id: 'push', pattern: /udp_push_pending_frames\(sk/, note: 'No more cork: the pending datagram leaves now.', onFinding: 'the assembled datagram left from here' },
      { id: 'enobufs', pattern: /ENOBUFS/, note: 'ENOBUFS is counted as a send-buffer error.' },
    ],
    versions: [{ versions: '3.x+', note: 'Lockless path for uncorked datagrams (ip_make_skb, udp_send_skb); 2.6.9 corks everything internally.' }],
  },
  {
    name: 'udp_push_pending_frames',
    searchNames: ['udp_push_pending_frames'],
    files: ['net/ipv4/udp.c'],
    role: 'Turns the corked fragments into one datagram and sends it.',
    anchors: [
      { id: 'finish', pattern: /ip_finish_skb\(|ip_push_pending_frames\(|__ip_make_skb\(/, note: 'Joins the queued pieces into one skb.' },
      { id: 'send', pattern: /udp_send_skb\(|ip_push_pending_frames\(/, note: 'Hands the finished datagram to IP.' },
      { id: 'clear', pattern: /up->pending = 0|WRITE_ONCE\(up->pending, 0\)/, note: 'The cork is released.' },
    ],
    versions: [],
  },
  {
    name: 'udp_lib_setsockopt',
    searchNames: ['udp_lib_setsockopt', 'udp_setsockopt'],
    files: ['net/ipv4/udp.c'],
    role: 'Socket options; clearing UDP_CORK flushes the pending datagram.',
    anchors: [
      { id: 'cork', pattern: /case UDP_CORK/, note: 'The UDP_CORK option.' },
      { id: 'uncork_push', pattern: /push_pending_frames\)?\(sk/, note: 'Clearing it sends what was collected.', onFinding: 'uncorking released the datagram here' },
    ],
    versions: [{ versions: '2.6.9', note: 'Named udp_setsockopt.' }],
  },
  {
    name: 'ip_append_data',
    searchNames: ['ip_append_data'],
    files: ['net/ipv4/ip_output.c'],
    role: 'Appends data to the socket\'s pending IP datagram.',
    anchors: [{ id: 'inner', pattern: /__ip_append_data\(|sock_alloc_send_skb\(|sock_wmalloc\(/, note: 'The work happens in __ip_append_data.' }],
    versions: [],
  },
  {
    name: '__ip_append_data',
    searchNames: ['__ip_append_data'],
    files: ['net/ipv4/ip_output.c'],
    role: 'Allocates and fills the fragments of a pending datagram.',
    anchors: [
      { id: 'emsgsize', pattern: /EMSGSIZE/, note: 'A corked datagram over 64 KB fails with EMSGSIZE.' },
      { id: 'alloc_block', pattern: /sock_alloc_send_skb\(/, note: 'First fragment: may block on SO_SNDBUF, or EAGAIN when non-blocking.' },
      { id: 'wmalloc', pattern: /sock_wmalloc\(|2 \* sk->sk_sndbuf/, note: 'Later fragments: ENOBUFS beyond twice SO_SNDBUF.' },
    ],
    versions: [],
  },
  {
    name: 'ip_make_skb',
    searchNames: ['ip_make_skb'],
    files: ['net/ipv4/ip_output.c'],
    role: 'Builds a whole datagram on a private queue (the uncorked UDP path).',
    anchors: [
      { id: 'append', pattern: /__ip_append_data\(/, note: 'Fills a private queue.' },
      { id: 'make', pattern: /__ip_make_skb\(/, note: 'Returns it as one skb.' },
    ],
    versions: [],
  },
];
