// src/protocol.ts imports nothing (ARCHITECTURE.md), so it restates two tables of the core:
// these checks keep the copies in step with the originals.
import { describe, expect, it } from 'vitest';
import { ANALYSIS_FLAG_NAMES } from '../../src/core/flows/analysisFlags';
import { TcpOpt } from '../../src/core/capture/packetTable';
import { ANALYSIS_FLAG_LABELS, OPT_BITS } from '../../src/protocol';

describe('the protocol’s copies of core tables', () => {
  it('names the analysis bits in the core’s order', () => {
    expect([...ANALYSIS_FLAG_LABELS]).toEqual([...ANALYSIS_FLAG_NAMES]);
  });

  it('gives the TCP option bits the core’s values', () => {
    expect(OPT_BITS).toEqual({
      mss: TcpOpt.Mss,
      windowScale: TcpOpt.WindowScale,
      sackPermitted: TcpOpt.SackPermitted,
      sack: TcpOpt.Sack,
      timestamps: TcpOpt.Timestamps,
      fastOpen: TcpOpt.FastOpen,
      mptcp: TcpOpt.Mptcp,
    });
  });
});
