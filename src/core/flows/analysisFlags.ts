// Per-packet TCP analysis flags, named as Wireshark names them (`tcp.analysis.<name>`), so a
// user can compare Sockscope's packet list with tshark's column for column.

export const enum AnalysisFlag {
  Retransmission = 1 << 0,
  FastRetransmission = 1 << 1,
  SpuriousRetransmission = 1 << 2,
  OutOfOrder = 1 << 3,
  LostSegment = 1 << 4,
  AckLostSegment = 1 << 5,
  DuplicateAck = 1 << 6,
  ZeroWindow = 1 << 7,
  ZeroWindowProbe = 1 << 8,
  ZeroWindowProbeAck = 1 << 9,
  WindowFull = 1 << 10,
  WindowUpdate = 1 << 11,
  KeepAlive = 1 << 12,
  KeepAliveAck = 1 << 13,
  ReusedPorts = 1 << 14,
}

/** Wireshark's names, in bit order; the order tshark's columns use. */
export const ANALYSIS_FLAG_NAMES = [
  'retransmission',
  'fast_retransmission',
  'spurious_retransmission',
  'out_of_order',
  'lost_segment',
  'ack_lost_segment',
  'duplicate_ack',
  'zero_window',
  'zero_window_probe',
  'zero_window_probe_ack',
  'window_full',
  'window_update',
  'keep_alive',
  'keep_alive_ack',
  'reused_ports',
] as const;

export type AnalysisFlagName = (typeof ANALYSIS_FLAG_NAMES)[number];

/** `retransmission,window_full` for a bit set, as the `analysis` column prints it. */
export function analysisFlagList(bits: number): string {
  if (bits === 0) return '';
  const names: string[] = [];
  for (let k = 0; k < ANALYSIS_FLAG_NAMES.length; k++) if (bits & (1 << k)) names.push(ANALYSIS_FLAG_NAMES[k]);
  return names.join(',');
}
