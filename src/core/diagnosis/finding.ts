// A finding: one stall stage seen on one flow, with the packets that prove it. The shape is the
// CLI's JSON contract (design/CLI.md); texts shown to users are rendered from the stage
// catalogue and `facts`, so the webview, the CLI and exports say the same thing.
import type { SummaryArgs } from '../i18n/summaries/args';

export const STAGE_IDS = [
  'connection_refused',
  'zero_window',
  'window_full',
  'send_buffer_full',
  'stalled_direction',
  'rto_backoff',
  'connection_timeout',
  'rst_on_close_unread_data',
  'fin_piggybacked_on_data',
  'nagle_delayed_ack',
  'keepalive',
  'half_open_rst',
  'udp_cork',
] as const;

export type StageId = (typeof STAGE_IDS)[number];

export type Confidence = 'high' | 'medium' | 'low';

export type Side = 'client' | 'server';

export type FactValue = number | string | boolean | number[];

export interface Finding {
  stage: StageId;
  /** Flow id as printed (`f0`). */
  flow: string;
  side: Side;
  /** Seconds since the epoch (or since midnight when the input has no date). */
  start: number;
  end: number;
  /** 1-based frame numbers of the evidence, ascending. */
  frames: number[];
  confidence: Confidence;
  /** One line for people, in the locale current when the finding was made. */
  summary: string;
  facts: Record<string, FactValue>;
  kernel: { function: string; file: string }[];
  /**
   * What `summary` was rendered from, so a view can render it again in its own language
   * (`localizedSummary`). Not part of the CLI's JSON output.
   */
  summaryArgs?: SummaryArgs;
}
