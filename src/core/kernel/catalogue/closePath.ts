// Stage map section D: close(): a FIN behind the queued data, or a RST instead.
// Facts from design/kernel/stages.md, restated in our words.
import type { KernelFunction } from './types';

export const CLOSE_FUNCTIONS: readonly KernelFunction[] = [
  {
    name: 'tcp_close',
    searchNames: ['__tcp_close', 'tcp_close'],
    files: ['net/ipv4/tcp.c'],
    role: 'close() on a TCP socket: drain unread data, then choose between RST, linger, and an orderly FIN.',
    anchors: [
      { id: 'linger0_disconnect', pattern: /disconnect\(sk, 0\)/, note: 'SO_LINGER with zero timeout: disconnect at once, which resets the connection.' },
      { id: 'unread', pattern: /data_was_unread (\+= |= true)/, note: 'Counts data the application never read (a flag from 6.10 on).' },
      { id: 'purge', pattern: /__kfree_skb\(skb\)|tcp_eat_recv_skb|sk_eat_skb/, note: 'The receive queue is thrown away.' },
      { id: 'unread_branch', pattern: /if \(data_was_unread\)/, note: 'Unread data decides for a reset (RFC 2525).', onFinding: 'this is the branch that was taken' },
      { id: 'abort_on_data', pattern: /LINUX_MIB_TCPABORTONCLOSE/, note: 'Counted as TCPAbortOnClose in nstat.' },
      { id: 'rst_unread', pattern: /tcp_send_active_reset\(sk/, note: 'Sends RST instead of FIN; unsent data is discarded.', onFinding: 'the RST on the wire was sent here' },
      { id: 'linger0', pattern: /sk_lingertime/, note: 'SO_LINGER with l_linger 0.' },
      { id: 'abort_on_linger', pattern: /LINUX_MIB_TCPABORTONDATA/, note: 'Counted as TCPAbortOnData despite the name.' },
      { id: 'close_state', pattern: /tcp_close_state\(sk\)/, note: 'Orderly close: the state table decides whether a FIN is due.' },
      { id: 'send_fin', pattern: /tcp_send_fin\(sk\)/, note: 'Queues the FIN behind any unsent data.', onFinding: 'the FIN was queued here' },
      { id: 'wait_close', pattern: /sk_stream_wait_close\(sk, timeout\)/, note: 'Only with a SO_LINGER timeout does close() block, until the FIN is acknowledged.' },
      { id: 'linger2', pattern: /linger2\)? < 0/, note: 'TCP_LINGER2 below zero: FIN_WAIT2 ends with a RST at once.' },
      { id: 'oom', pattern: /tcp_check_oom\(sk, 0\)|sysctl_tcp_max_orphans/, note: 'Too many orphans or too little memory: RST (TCPAbortOnMemory).' },
    ],
    versions: [
      { versions: '≤ 5.12', note: 'The body is tcp_close.' },
      { versions: '5.13+', note: 'Body in __tcp_close; tcp_close takes the lock and calls it.' },
      { versions: '6.10+', note: 'data_was_unread is a bool instead of a byte count.' },
    ],
  },
  {
    name: 'tcp_close_state',
    searchNames: ['tcp_close_state'],
    files: ['net/ipv4/tcp.c'],
    role: 'Moves ESTABLISHED to FIN_WAIT1 and CLOSE_WAIT to LAST_ACK, saying whether a FIN must be sent.',
    anchors: [{ id: 'table', pattern: /new_state\[/, note: 'Looks up the next state and the "send FIN" action bit.' }],
    versions: [],
  },
  {
    name: 'tcp_send_fin',
    searchNames: ['tcp_send_fin'],
    files: ['net/ipv4/tcp_output.c'],
    role: 'Puts the FIN on the last queued data segment if there is one, otherwise on a new empty segment.',
    anchors: [
      { id: 'tail', pattern: /tcp_write_queue_tail\(sk\)|skb_peek_tail\(&sk->sk_write_queue\)/, note: 'The last skb of the write queue.' },
      { id: 'mem_pressure', pattern: /tcp_under_memory_pressure\(sk\)/, note: 'Under memory pressure with nothing unsent, the FIN rides on the last sent skb (4.1+).' },
      { id: 'unsent_check', pattern: /sk_send_head != NULL|tcp_send_head\(sk\)|if \(tskb\)/, note: 'Unsent data queued: the FIN goes on that last data segment.', onFinding: 'this is why the FIN rode on the last data segment' },
      { id: 'fin_flag', pattern: /TCPHDR_FIN|TCPCB_FLAG_FIN/, note: 'Sets FIN on the chosen skb.' },
      { id: 'alloc', pattern: /alloc_skb_fclone\(|sk_stream_alloc_skb\(|alloc_skb\(/, note: 'Nothing to ride on: allocate an empty FIN segment.' },
      { id: 'yield_loop', pattern: /yield\(\)/, absentIn: '4.1 and later', note: 'Old kernels looped with yield() until the FIN skb could be allocated.' },
      { id: 'push', pattern: /__tcp_push_pending_frames\(sk, (tp, )?(mss_now|tcp_current_mss\(sk\)), TCP_NAGLE_OFF\)/, note: 'Pushes the queue with Nagle off; the FIN leaves when the window allows.' },
    ],
    versions: [{ versions: '4.1+', note: 'Rewritten ("tcp: fix possible deadlock in tcp_send_fin()"): no yield() loop, memory-pressure path.' }],
  },
  {
    name: 'tcp_send_active_reset',
    searchNames: ['tcp_send_active_reset'],
    files: ['net/ipv4/tcp_output.c'],
    role: 'Builds and sends a RST|ACK at snd_nxt, immediately and only once.',
    anchors: [
      { id: 'rst', pattern: /TCPHDR_RST|TCPCB_FLAG_RST/, note: 'The segment carries RST and ACK.' },
      { id: 'xmit', pattern: /tcp_transmit_skb\(sk/, note: 'Sent at once, never queued or retransmitted.', onFinding: 'the RST left from here' },
    ],
    versions: [],
  },
  {
    name: 'tcp_disconnect',
    searchNames: ['tcp_disconnect'],
    files: ['net/ipv4/tcp.c'],
    role: 'Abortive disconnect (SO_LINGER 0, connect(AF_UNSPEC)): RST if the state needs one, queues purged.',
    anchors: [
      { id: 'need_reset', pattern: /tcp_need_reset\(/, note: 'States in which the peer must be told with a RST.' },
      { id: 'rst', pattern: /tcp_send_active_reset\(sk/, note: 'Sends the RST to the peer.' },
      { id: 'purge', pattern: /(tcp_write_queue|sk_stream_writequeue)_purge\(sk\)/, note: 'Unsent data is dropped.' },
    ],
    versions: [],
  },
];
