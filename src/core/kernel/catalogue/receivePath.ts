// Stage map section C: the receiver: reading, the window it offers, and when it acknowledges.
// Facts from design/kernel/stages.md, restated in our words.
import type { KernelFunction } from './types';

export const RECEIVE_FUNCTIONS: readonly KernelFunction[] = [
  {
    name: 'tcp_recvmsg_locked',
    searchNames: ['tcp_recvmsg_locked', 'tcp_recvmsg'],
    files: ['net/ipv4/tcp.c'],
    role: 'The receive loop: copies queued data to the application and decides on window updates afterwards.',
    anchors: [
      { id: 'timeo', pattern: /sock_rcvtimeo\(sk, (flags & MSG_DONTWAIT|nonblock)\)/, note: 'How long recv() may wait: zero when non-blocking, else SO_RCVTIMEO or forever.' },
      { id: 'eagain', pattern: /-EAGAIN/, note: 'Non-blocking and nothing queued: EAGAIN.' },
      { id: 'cleanup', pattern: /(tcp_)?cleanup_rbuf\(sk, copied\)/, note: 'After reading: send an ACK or window update if one is due.', onFinding: 'a window update only leaves once the application reads enough' },
      { id: 'wait_data', pattern: /sk_wait_data\(/, note: 'Sleeps until data arrives.' },
      { id: 'space_adjust', pattern: /tcp_rcv_space_adjust\(sk\)/, note: 'Receive buffer autotuning (tcp_moderate_rcvbuf).' },
    ],
    versions: [{ versions: '≤ 5.14', note: 'The loop is tcp_recvmsg; from 5.15 it is tcp_recvmsg_locked with a locking wrapper.' }],
  },
  {
    name: 'tcp_cleanup_rbuf',
    searchNames: ['__tcp_cleanup_rbuf', 'tcp_cleanup_rbuf', 'cleanup_rbuf'],
    files: ['net/ipv4/tcp.c'],
    role: 'After the application read data: send a pending ACK now, or a window update if the window can grow a lot.',
    anchors: [
      { id: 'pushed', pattern: /(ICSK|TCP)_ACK_PUSHED/, note: 'The peer pushed data that is now fully read: the delayed ACK goes out now.' },
      { id: 'rcv_window_now', pattern: /rcv_window_now/, note: 'The window currently offered; an update is sent only if the new one is at least twice as large.', onFinding: 'small reads do not reopen the window from here' },
      { id: 'select_window', pattern: /__tcp_select_window\(sk\)/, note: 'Computes the window that could be offered after this read.' },
      { id: 'send_ack', pattern: /tcp_send_ack\(sk\)/, note: 'Sends the ACK that reopens the window.' },
    ],
    versions: [
      { versions: '2.6.9', note: 'Named cleanup_rbuf.' },
      { versions: '6.1+', note: 'Body in __tcp_cleanup_rbuf; tcp_cleanup_rbuf wraps it.' },
    ],
  },
  {
    name: '__tcp_select_window',
    searchNames: ['__tcp_select_window'],
    files: ['net/ipv4/tcp_output.c'],
    role: 'Computes the receive window from free buffer space; returns zero when almost nothing is free.',
    anchors: [
      { id: 'space', pattern: /tcp_space\(sk\)/, note: 'Free receive space (tcp_rmem, tcp_adv_win_scale).' },
      { id: 'full_space', pattern: /tcp_full_space\(sk\)/, note: 'The whole receive buffer.' },
      { id: 'shrink_sysctl', pattern: /sysctl_tcp_shrink_window/, note: '6.5+: optional window shrinking (net.ipv4.tcp_shrink_window).' },
      { id: 'half', pattern: /free_space < \(?full_space ?(>> 1|\/2)/, note: 'Less than half the buffer free: the window is limited.' },
      { id: 'pressure', pattern: /(tcp|sk)_under_memory_pressure|tcp_memory_pressure/, note: 'Global TCP memory pressure clamps the window.' },
      {
        id: 'tiny',
        pattern: /free_space < mss|free_space < \(allowed_space >> 4\)/,
        note: 'Free space below one MSS (or 1/16 of the buffer): offer a zero window rather than a silly small one.',
        onFinding: 'this is the check that made the window zero',
      },
      { id: 'ssthresh_clamp', pattern: /free_space > tp->rcv_ssthresh/, note: 'Growth is clamped by rcv_ssthresh.' },
    ],
    versions: [{ versions: '4.19+', note: 'Zero window also when free space is under 1/16 of the allowed space.' }],
  },
  {
    name: 'tcp_select_window',
    searchNames: ['tcp_select_window'],
    files: ['net/ipv4/tcp_output.c'],
    role: 'Window for each outgoing segment: never shrinks the offered window, counts transitions to zero.',
    anchors: [
      { id: 'cur_win', pattern: /tcp_receive_window\(tp\)/, note: 'What is offered now; the new window may not move the right edge back.' },
      { id: 'compute', pattern: /__tcp_select_window\(sk\)/, note: 'Computes the new window.' },
      { id: 'zero', pattern: /new_win == 0|if \(!new_win\)|new_win = 0/, note: 'Zero window goes out (TCPToZeroWindowAdv counts it).', onFinding: 'the zero window was written into the header here' },
    ],
    versions: [],
  },
  {
    name: 'tcp_send_delayed_ack',
    searchNames: ['tcp_send_delayed_ack'],
    files: ['net/ipv4/tcp_output.c'],
    role: 'Arms the delayed-ACK timer (40 ms to 200 ms on Linux).',
    anchors: [
      { id: 'ato_max', pattern: /max_ato = TCP_DELACK_MAX/, note: 'Delay capped at TCP_DELACK_MAX (200 ms).' },
      { id: 'delack_max', pattern: /icsk_delack_max|tcp_delack_max\(sk\)/, note: 'Per-socket or per-route maximum (5.x+).' },
      { id: 'dack_timer', pattern: /sk_reset_timer\(sk, &(icsk|tp)->(icsk_)?delack_timer/, note: 'Arms the timer.', onFinding: 'the ACK the sender waited for was delayed here' },
    ],
    versions: [],
  },
  {
    name: '__tcp_ack_snd_check',
    searchNames: ['__tcp_ack_snd_check'],
    files: ['net/ipv4/tcp_input.c'],
    role: 'On receiving data: acknowledge now or delay.',
    anchors: [
      { id: 'quickack', pattern: /tcp_in_quickack_mode\(/, note: 'Quick-ACK mode (connection start, after reordering, TCP_QUICKACK): ACK at once.' },
      { id: 'send_ack', pattern: /tcp_send_ack\(sk\)/, note: 'Immediate ACK: more than one full segment received, quick-ACK, or out-of-order data.' },
      { id: 'delayed', pattern: /tcp_send_delayed_ack\(sk\)/, note: 'Otherwise the ACK is delayed.', onFinding: 'a single small segment takes this branch' },
    ],
    versions: [],
  },
  {
    name: 'tcp_delack_timer_handler',
    searchNames: ['tcp_delack_timer_handler', 'tcp_delack_timer'],
    files: ['net/ipv4/tcp_timer.c'],
    role: 'The delayed-ACK timer fires: send the ACK and leave interactive mode.',
    anchors: [
      { id: 'pingpong', pattern: /pingpong/, note: 'Leaves interactive (pingpong) mode.' },
      { id: 'ato', pattern: /ato/, note: 'The delay grows after a timeout.' },
      { id: 'send_ack', pattern: /tcp_send_ack\(sk\)/, note: 'The delayed ACK leaves.', onFinding: 'the late ACK was sent here' },
    ],
    versions: [{ versions: '2.6.9', note: 'Body in tcp_delack_timer.' }],
  },
];
