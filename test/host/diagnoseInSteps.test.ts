// The web host diagnoses a few flows at a time and yields in between: the findings must be
// exactly diagnose()'s, in its order, however small the steps.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { readCaptureBytes } from '../../src/core/capture';
import { diagnose } from '../../src/core/diagnosis';
import { analyzeFlows } from '../../src/core/flows';
import { diagnoseInSteps } from '../../src/view/pipeline';
import { REPO_ROOT } from '../support/shared';

const CAPTURE = path.join(REPO_ROOT, 'test/fixtures/lab/syn-unanswered-blackhole/capture.pcap');

test('diagnoseInSteps gives diagnose()’s findings and pauses between groups of flows', async () => {
  const table = readCaptureBytes(new Uint8Array(readFileSync(CAPTURE)), 'capture.pcap');
  const analysis = analyzeFlows(table);
  expect(analysis.flows.length).toBeGreaterThan(3);
  const whole = diagnose(table, analysis);
  expect(whole.length).toBeGreaterThan(1);
  let pauses = 0;
  const pause = async (): Promise<void> => {
    pauses++;
  };
  // One flow per step.
  expect(await diagnoseInSteps(table, analysis, pause, 1)).toEqual(whole);
  expect(pauses).toBe(analysis.flows.length - 1);
  pauses = 0;
  // Everything in one step: no pause.
  expect(await diagnoseInSteps(table, analysis, pause)).toEqual(whole);
  expect(pauses).toBe(0);
});
