// One zero-window finding as the diagnosis would report it, for tests of annotations and their
// translations: frames, figures and kernel functions of a real recording's finding.
import type { Finding } from '../../src/core/diagnosis/finding';
import { kernelRefs } from '../../src/core/kernel/catalogue';

export function zeroWindowFinding(facts: Finding['facts'] = { durationS: 5.88, probes: 4 }): Finding {
  return {
    stage: 'zero_window',
    flow: 'f0',
    side: 'server',
    start: 1795345826.71,
    end: 1795345832.59,
    frames: [812, 813, 901],
    confidence: 'high',
    summary: '10.99.0.2:5002 advertised a zero window for 5.88 s; 4 persist probes',
    facts,
    kernel: kernelRefs('zero_window'),
  };
}
