// Stage → the kernel functions a finding points at (design/CLI.md "Stage ids", design/kernel/
// stages.md sections A–F). A small local table until the stage catalogue in src/core/kernel
// offers the same list; findings only need the function and the file it lives in today.
import type { StageId } from './finding';

export interface KernelRef {
  function: string;
  file: string;
}

const TCP = 'net/ipv4/tcp.c';
const OUT = 'net/ipv4/tcp_output.c';
const IN = 'net/ipv4/tcp_input.c';
const TIMER = 'net/ipv4/tcp_timer.c';
const IPV4 = 'net/ipv4/tcp_ipv4.c';

const REFS: Record<StageId, KernelRef[]> = {
  connection_refused: [
    { function: 'tcp_v4_rcv', file: IPV4 },
    { function: 'tcp_v4_send_reset', file: IPV4 },
    { function: 'tcp_reset', file: IN },
  ],
  zero_window: [
    { function: 'tcp_probe_timer', file: TIMER },
    { function: 'tcp_send_probe0', file: OUT },
    { function: '__tcp_select_window', file: OUT },
  ],
  window_full: [
    { function: 'tcp_snd_wnd_test', file: OUT },
    { function: 'tcp_write_xmit', file: OUT },
  ],
  send_buffer_full: [
    { function: 'tcp_sendmsg_locked', file: TCP },
    { function: 'sk_stream_memory_free', file: 'include/net/sock.h' },
    { function: 'sk_stream_wait_memory', file: 'net/core/stream.c' },
  ],
  stalled_direction: [
    { function: 'tcp_check_space', file: IN },
    { function: 'sk_stream_write_space', file: 'net/core/stream.c' },
    { function: 'tcp_poll', file: TCP },
    { function: 'tcp_push', file: TCP },
  ],
  rto_backoff: [{ function: 'tcp_retransmit_timer', file: TIMER }],
  connection_timeout: [
    { function: 'tcp_write_timeout', file: TIMER },
    { function: 'tcp_write_err', file: TIMER },
  ],
  rst_on_close_unread_data: [
    { function: '__tcp_close', file: TCP },
    { function: 'tcp_send_active_reset', file: OUT },
  ],
  fin_piggybacked_on_data: [
    { function: '__tcp_close', file: TCP },
    { function: 'tcp_send_fin', file: OUT },
  ],
  nagle_delayed_ack: [
    { function: 'tcp_nagle_check', file: OUT },
    { function: 'tcp_nagle_test', file: OUT },
    { function: 'tcp_send_delayed_ack', file: OUT },
  ],
  keepalive: [{ function: 'tcp_keepalive_timer', file: TIMER }],
  half_open_rst: [
    { function: 'tcp_v4_rcv', file: IPV4 },
    { function: 'tcp_v4_send_reset', file: IPV4 },
  ],
  udp_cork: [
    { function: 'udp_sendmsg', file: 'net/ipv4/udp.c' },
    { function: 'udp_push_pending_frames', file: 'net/ipv4/udp.c' },
    { function: 'ip_append_data', file: 'net/ipv4/ip_output.c' },
  ],
};

export function localKernelRefs(stage: StageId): KernelRef[] {
  return REFS[stage].map((r) => ({ ...r }));
}
