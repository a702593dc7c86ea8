// Stage map section A: the send path, from send() filling the send buffer to the ACK that
// should wake the writer again. Facts from design/kernel/stages.md, restated in our words.
import type { KernelFunction } from './types';

export const SEND_PATH_FUNCTIONS: readonly KernelFunction[] = [
  {
    name: 'tcp_sendmsg_locked',
    searchNames: ['tcp_sendmsg_locked', 'tcp_sendmsg'],
    files: ['net/ipv4/tcp.c'],
    role: 'The TCP send loop: copies user data into skbs on the write queue and sleeps or returns EAGAIN when the send buffer is full.',
    anchors: [
      { id: 'timeo', pattern: /sock_sndtimeo\(sk, flags & MSG_DONTWAIT\)/, note: 'How long this call may wait: zero for a non-blocking socket or MSG_DONTWAIT, else SO_SNDTIMEO or forever.' },
      { id: 'wait_connect', pattern: /sk_stream_wait_connect\(sk, &timeo\)/, note: 'A send before the handshake completes waits here for the connection.' },
      { id: 'epipe', pattern: /err = -EPIPE/, note: 'A socket with a pending error or shut down for writing fails the call with EPIPE.' },
      {
        id: 'memfree_check',
        pattern: /sk_stream_memory_free\(sk\)/,
        note: 'Before starting a new skb: is less queued than SO_SNDBUF (and, with TCP_NOTSENT_LOWAT, little enough unsent)? If not, the writer goes to wait.',
        onFinding: 'this is the room check that failed',
      },
      { id: 'forced_push', pattern: /__tcp_push_pending_frames\(sk, (tp, )?mss_now, TCP_NAGLE_PUSH\)/, note: 'More than half of the largest window seen is unpushed: push now, ignoring Nagle.' },
      { id: 'push_one', pattern: /tcp_push_one\(sk, mss_now\)/, note: 'The first full-sized segment at the head of the queue leaves at once.' },
      {
        id: 'label_wait',
        pattern: /^wait_for_(sndbuf|space):/,
        note: 'Where a writer lands when the send buffer is full (label wait_for_sndbuf up to 5.9, wait_for_space from 5.10).',
        onFinding: 'the writer waited here',
      },
      { id: 'label_wait_memory', pattern: /^wait_for_memory:/, absentIn: '5.10 and later', note: 'Up to 5.9, allocation failures came here, one line below the flag that asks for a wake-up, so that flag was skipped.' },
      { id: 'set_nospace', pattern: /set_bit\(SOCK_NOSPACE/, note: 'Flags the socket as starved for send space; the ACK path wakes writers only when this flag is set.' },
      { id: 'push_before_wait', pattern: /tcp_push\(sk, (tp, )?flags & ~MSG_MORE/, note: 'Before sleeping, data already copied in this call is pushed without Nagle or MSG_MORE.' },
      {
        id: 'wait_memory_call',
        pattern: /sk_stream_wait_memory\(sk, &timeo\)/,
        note: 'Sleeps until space frees (blocking socket) or returns EAGAIN at once (non-blocking).',
        onFinding: 'send() blocked or returned EAGAIN in this call',
      },
      { id: 'final_push', pattern: /tcp_push\(sk, (tp, )?flags, mss_now, tp->nonagle/, note: "End of the call: push what is queued with the socket's Nagle mode (TCP_NODELAY, TCP_CORK, MSG_MORE)." },
      { id: 'stream_error', pattern: /sk_stream_error\(sk, flags, err\)/, note: 'Turns the error into the return value; EPIPE also raises SIGPIPE unless MSG_NOSIGNAL.' },
    ],
    versions: [
      { versions: '≤ 4.13', note: 'The whole loop is tcp_sendmsg, which takes the socket lock itself.' },
      { versions: '4.14+', note: 'The loop moved to tcp_sendmsg_locked; tcp_sendmsg only locks and calls it.' },
      { versions: '≤ 5.9', note: 'Two wait labels: wait_for_sndbuf (buffer full) and wait_for_memory (allocation failed).' },
      { versions: '5.10+', note: 'Both merged into wait_for_space, so every early give-up sets SOCK_NOSPACE.' },
    ],
  },
  {
    name: 'tcp_sendmsg',
    searchNames: ['tcp_sendmsg'],
    files: ['net/ipv4/tcp.c'],
    role: 'The send() entry for TCP: takes the socket lock around the send loop.',
    anchors: [
      { id: 'lock', pattern: /lock_sock\(sk\)/, note: 'Takes the socket lock for the whole copy.' },
      { id: 'call_locked', pattern: /tcp_sendmsg_locked\(sk, msg, size\)/, note: 'Runs the send loop with the lock held.' },
    ],
    versions: [{ versions: '≤ 4.13', note: 'No wrapper: tcp_sendmsg itself is the loop.' }],
  },
  {
    name: 'sk_stream_wait_memory',
    searchNames: ['sk_stream_wait_memory'],
    files: ['net/core/stream.c'],
    role: 'Generic wait for send-buffer space: EAGAIN, EPIPE, a signal, or sleep until a write-space wake-up.',
    anchors: [
      { id: 'vm_wait', pattern: /current_timeo = vm_wait = /, note: 'Entered with room in the buffer means an allocation failed: sleep a short random time instead.' },
      { id: 'err_check', pattern: /sk->sk_err \|\| \(sk->sk_shutdown & SEND_SHUTDOWN\)/, note: 'An error or write shutdown ends the wait with EPIPE.' },
      {
        id: 'nonblock',
        pattern: /goto do_(nonblock|eagain);/,
        note: 'Zero timeout (non-blocking): leave with EAGAIN (label do_nonblock, later do_eagain).',
        onFinding: 'a non-blocking writer got EAGAIN here',
      },
      { id: 'set_nospace', pattern: /set_bit\(SOCK_NOSPACE/, note: 'Asks the ACK path for a wake-up before sleeping (and, since 5.3, on every EAGAIN).' },
      {
        id: 'wait_event',
        pattern: /sk_wait_event\(sk, &current_timeo/,
        note: 'The actual sleep; sk_stream_write_space or an error wakes it.',
        onFinding: 'a blocking writer slept here',
      },
      { id: 'epipe', pattern: /err = -EPIPE/, note: 'Result for a socket with an error or shut down for writing.' },
      { id: 'eagain', pattern: /err = -EAGAIN/, note: 'Result for a non-blocking writer: EAGAIN / EWOULDBLOCK.' },
    ],
    versions: [
      { versions: '≤ 3.10', note: 'EAGAIN was returned before SOCK_NOSPACE was set, so a non-blocking writer could miss its EPOLLOUT.' },
      { versions: '5.3+', note: 'Label do_eagain; SOCK_NOSPACE is set on every EAGAIN (fix "tcp: make sure EPOLLOUT wont be missed").' },
    ],
  },
  {
    name: 'sk_stream_memory_free',
    searchNames: ['sk_stream_memory_free'],
    files: ['include/net/sock.h'],
    role: 'The room predicate: queued bytes below SO_SNDBUF (plus the protocol hook).',
    anchors: [
      { id: 'wmem_or_wrapper', pattern: /sk_wmem_queued|__sk_stream_memory_free\(sk, 0\)/, note: 'Compares queued bytes with the send buffer (5.10+: delegates to __sk_stream_memory_free).', onFinding: 'this predicate said there was no room' },
    ],
    versions: [
      { versions: '3.12+', note: 'Also asks the protocol hook (TCP: TCP_NOTSENT_LOWAT).' },
      { versions: '5.10+', note: 'A wrapper around __sk_stream_memory_free(sk, 0).' },
    ],
  },
  {
    name: '__sk_stream_memory_free',
    searchNames: ['__sk_stream_memory_free'],
    files: ['include/net/sock.h'],
    role: 'The room predicate proper (5.10+), with a wake argument used on the wake-up side.',
    anchors: [
      { id: 'proto_hook', pattern: /stream_memory_free/, note: "The protocol's own test (for TCP, the not-yet-sent limit)." },
      { id: 'wmem', pattern: /sk_wmem_queued.*sk_sndbuf/, note: 'Queued bytes at or above SO_SNDBUF: no room.', onFinding: 'the send buffer was full by this test' },
    ],
    versions: [{ versions: '5.10+', note: 'Split out of sk_stream_memory_free.' }],
  },
  {
    name: 'tcp_stream_memory_free',
    searchNames: ['tcp_stream_memory_free'],
    files: ['net/ipv4/tcp_ipv4.c', 'net/ipv4/tcp.c', 'include/net/tcp.h'],
    role: "TCP's hook: refuses room while too much written data is still unsent (TCP_NOTSENT_LOWAT).",
    anchors: [
      { id: 'notsent_lowat', pattern: /tcp_notsent_lowat\(tp\)/, note: 'Unsent bytes (write_seq - snd_nxt) compared with the low-water mark.' },
    ],
    versions: [
      { versions: '3.12+', note: 'Added with TCP_NOTSENT_LOWAT.' },
      { versions: '4.19–5.10', note: 'In include/net/tcp.h.' },
      { versions: '5.15–6.12', note: 'In net/ipv4/tcp_ipv4.c.' },
      { versions: '7.0+', note: 'In net/ipv4/tcp.c.' },
    ],
  },
  {
    name: 'tcp_push',
    searchNames: ['tcp_push'],
    files: ['net/ipv4/tcp.c'],
    role: 'Marks PSH, applies cork/MSG_MORE and autocork, then hands the queue to the transmit engine.',
    anchors: [
      { id: 'mark_push', pattern: /tcp_mark_push\(/, note: 'Sets PSH on the last skb unless MSG_MORE.' },
      { id: 'autocork', pattern: /tcp_should_autocork\(/, note: 'Autocork (3.14+): hold the push while earlier packets still sit in the qdisc or NIC.', onFinding: 'the push may have been deferred here' },
      { id: 'tsq_throttled', pattern: /TSQ_THROTTLED/, note: 'The flag the TX completion path checks to resume a deferred push.' },
      { id: 'tsq_barrier', pattern: /smp_mb__after_atomic\(\)/, note: 'Barrier after setting the throttle flag (2024 fix; in 6.1.192 and 6.12.117 stable, not in the v6.1/v6.6 tags).' },
      { id: 'cork_mode', pattern: /TCP_NAGLE_CORK/, note: 'MSG_MORE turns this push into a corked one.' },
      { id: 'push_pending', pattern: /__tcp_push_pending_frames\(sk, (tp, )?mss_now/, note: 'Runs the transmit loop with the chosen Nagle mode.' },
    ],
    versions: [
      { versions: '3.14+', note: 'Autocork branch (net.ipv4.tcp_autocorking).' },
      { versions: '6.1.192, 6.12.117, 7.0', note: 'Extra barrier after TSQ_THROTTLED ("tcp: Add memory barrier to tcp_push()").' },
    ],
  },
  {
    name: 'tcp_poll',
    searchNames: ['tcp_poll'],
    files: ['net/ipv4/tcp.c'],
    role: 'poll/epoll readiness: EPOLLOUT only when the socket is writeable, otherwise asks for a wake-up.',
    anchors: [
      { id: 'writeable', pattern: /sk_stream_(is_writeable|wspace)|__sk_stream_is_writeable/, note: 'Writeable means free space at least half of what is queued, and the unsent amount under TCP_NOTSENT_LOWAT.', onFinding: 'poll did not report EPOLLOUT by this test' },
      { id: 'set_nospace', pattern: /set_bit\(SOCK_NOSPACE/, note: 'Not writeable: request a write-space wake-up, then test again.' },
      { id: 'barrier', pattern: /smp_mb__after_atomic\(\)/, note: 'Orders the flag against the re-test; pairs with the barrier in tcp_check_space (absent in 2.6.9 and 3.10).' },
    ],
    versions: [{ versions: '≤ 3.10', note: 'No barrier: on SMP the poller and the ACK path could miss each other and lose the wake-up.' }],
  },
  {
    name: 'tcp_check_space',
    searchNames: ['tcp_check_space'],
    files: ['net/ipv4/tcp_input.c', 'include/net/tcp.h'],
    role: 'After an ACK frees queued data: wakes the writer, but only if SOCK_NOSPACE says one is waiting.',
    anchors: [
      { id: 'shrunk', pattern: /SOCK_QUEUE_SHRUNK|sk_queue_shrunk/, absentIn: '5.10 and later', note: 'Up to 5.9 the check only ran after a freed skb set the queue-shrunk flag.' },
      { id: 'barrier', pattern: /smp_mb\(\)/, note: 'Pairs with the barrier in tcp_poll so the flag and the free space are seen together.' },
      { id: 'nospace_test', pattern: /test_bit\(SOCK_NOSPACE/, note: 'No waiter flagged: no wake-up. A writer that never set the flag is never woken.', onFinding: 'the wake-up depends on this flag' },
      { id: 'new_space', pattern: /tcp_new_space\(sk\)|__tcp_check_space\(sk\)/, note: 'Grows the send buffer if allowed and calls the write-space callback.' },
    ],
    versions: [
      { versions: '≤ 6.x', note: 'In net/ipv4/tcp_input.c.' },
      { versions: '5.10+', note: 'SOCK_QUEUE_SHRUNK removed; the check runs on every ACK that frees data.' },
      { versions: '5.18+', note: 'Also called from the output path (tcp_event_new_data_sent).' },
      { versions: '7.0+', note: 'An inline in include/net/tcp.h calling __tcp_check_space.' },
    ],
  },
  {
    name: 'tcp_new_space',
    searchNames: ['tcp_new_space'],
    files: ['net/ipv4/tcp_input.c'],
    role: 'Grows the send buffer (autotuning) and calls the write-space callback.',
    anchors: [
      { id: 'expand', pattern: /tcp_should_expand_sndbuf\(|sysctl_tcp_mem/, note: 'Autotuning: grow sk_sndbuf up to tcp_wmem[2] unless SO_SNDBUF fixed it.' },
      { id: 'write_space', pattern: /sk_write_space/, note: 'Calls sk_stream_write_space to wake writers.' },
    ],
    versions: [],
  },
  {
    name: 'sk_stream_write_space',
    searchNames: ['sk_stream_write_space'],
    files: ['net/core/stream.c'],
    role: 'The write-space callback for TCP: wakes blocked writers and epoll once enough space is free.',
    anchors: [
      { id: 'threshold', pattern: /sk_stream_wspace\(sk\) >= sk_stream_min_wspace\(sk\)|_?_?sk_stream_is_writeable\(sk/, note: 'Wakes only when free space is at least half of what is queued (and under TCP_NOTSENT_LOWAT).', onFinding: 'no wake-up happens until this threshold is met' },
      { id: 'clear_nospace', pattern: /clear_bit\(SOCK_NOSPACE/, note: 'The request is consumed: a new one must be made before the next wake-up.' },
      { id: 'wake', pattern: /wake_up_interruptible/, note: 'Wakes a blocked send() and raises EPOLLOUT.' },
    ],
    versions: [],
  },
  {
    name: 'tcp_event_new_data_sent',
    searchNames: ['tcp_event_new_data_sent', 'update_send_head'],
    files: ['net/ipv4/tcp_output.c'],
    role: 'Bookkeeping after new data leaves; since 5.18 also re-checks write space.',
    anchors: [
      { id: 'check_space', pattern: /tcp_check_space\(sk\)/, absentIn: '≤ 5.17 (v5.15 tag and older)', note: 'Fix for TCP_NOTSENT_LOWAT stalls: EPOLLOUT can now follow snd_nxt advancing, not only ACKs.' },
    ],
    versions: [
      { versions: '2.6.9', note: 'Named update_send_head.' },
      { versions: '5.18+', note: 'Calls tcp_check_space ("tcp: fix potential xmit stalls caused by TCP_NOTSENT_LOWAT").' },
    ],
  },
];
