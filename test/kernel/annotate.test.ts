// Annotations read the same everywhere: the catalogue's note alone, or with a finding's own
// figures when the anchor is where the finding's stage shows.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/diagnosis/finding';
import { STAGE_IDS } from '../../src/core/diagnosis/finding';
import { annotate, findingSentence } from '../../src/core/kernel/annotate';
import { kernelFunction, kernelRefs, STAGES, stageFunctions, stageInfo } from '../../src/core/kernel/catalogue';
import { zeroWindowFinding } from '../support/zeroWindowFinding';

const zeroWindow: Finding = zeroWindowFinding();

describe('annotate', () => {
  const tiny = kernelFunction('__tcp_select_window')!.anchors.find((a) => a.id === 'tiny')!;

  it("renders a finding's facts into the anchor where the stage shows", () => {
    expect(annotate(tiny, zeroWindow)).toBe(
      `${tiny.note} — the server advertised a zero window for 5.88 s from frame 812 (probes 4): this is the check that made the window zero.`,
    );
  });

  it('keeps the plain note without a finding, or on anchors that only explain', () => {
    expect(annotate(tiny)).toBe(tiny.note);
    const space = kernelFunction('__tcp_select_window')!.anchors.find((a) => a.id === 'space')!;
    expect(annotate(space, zeroWindow)).toBe(space.note);
  });

  it('falls back to a generic sentence when the figures a lead needs are missing', () => {
    const bare: Finding = { ...zeroWindow, frames: [], facts: {} };
    expect(findingSentence(bare)).toBe('flow f0: the server');
    const noFrames: Finding = { ...zeroWindow, stage: 'rto_backoff', facts: { retransmissions: 7, gapsS: [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8] } };
    expect(findingSentence(noFrames)).toBe(
      'the server retransmitted with doubling timeouts for 5.88 s from frame 812 (retransmissions 7; gapsS 0.2, 0.4, 0.8, 1.6, 3.2, … (7))',
    );
  });
});

describe('stage catalogue', () => {
  it('has every stage id, with its texts and at least one kernel function that has anchors', () => {
    expect(STAGES.map((s) => s.id)).toEqual([...STAGE_IDS]);
    for (const id of STAGE_IDS) {
      const info = stageInfo(id);
      expect(info.title && info.whatHappens && info.wireSignature && info.findingLead).toBeTruthy();
      expect(info.application.length).toBeGreaterThan(0);
      const fns = stageFunctions(id);
      expect(fns.length).toBeGreaterThan(0);
      expect(fns.some((f) => f.anchors.some((a) => a.onFinding))).toBe(true);
      expect(kernelRefs(id)).toEqual(fns.map((f) => ({ function: f.name, file: f.files[0] })));
    }
  });

  it('names the main functions CLI.md lists per stage', () => {
    const names = (id: (typeof STAGE_IDS)[number]) => kernelRefs(id).map((r) => r.function);
    expect(names('connection_refused')).toEqual(expect.arrayContaining(['tcp_v4_rcv', 'tcp_v4_send_reset', 'tcp_reset']));
    expect(names('zero_window')).toEqual(expect.arrayContaining(['tcp_probe_timer', 'tcp_send_probe0', '__tcp_select_window']));
    expect(names('send_buffer_full')).toEqual(expect.arrayContaining(['tcp_sendmsg_locked', 'sk_stream_memory_free', 'sk_stream_wait_memory']));
    expect(names('stalled_direction')).toEqual(expect.arrayContaining(['tcp_check_space', 'sk_stream_write_space', 'tcp_poll', 'tcp_push']));
    expect(names('udp_cork')).toEqual(expect.arrayContaining(['udp_sendmsg', 'udp_push_pending_frames', 'ip_append_data']));
    expect(kernelFunction('tcp_sendmsg_locked')!.searchNames).toEqual(['tcp_sendmsg_locked', 'tcp_sendmsg']);
  });
});
