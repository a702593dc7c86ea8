// The certificates NODE_EXTRA_CA_CERTS names cost Node's start-up 40 ms on the benchmark VM: the
// shebang sets them aside, and only a command that may fetch gets them back.
import { describe, expect, it } from 'vitest';
import { envForCommand, EXTRA_CA_CERTS, needsExtraCaCerts, SAVED_EXTRA_CA_CERTS } from '../../src/cli/extraCaCerts';

const FILE = '/etc/ssl/corporate.pem';

describe('extra CA certificates', () => {
  it('are needed back only by a command given --allow-network, when the shebang set them aside', () => {
    const aside = { [SAVED_EXTRA_CA_CERTS]: FILE };
    expect(needsExtraCaCerts(['report', 'a.pcap', '-o', 'r.html', '--allow-network'], aside)).toBe(true);
    expect(needsExtraCaCerts(['excerpt', 'zero_window', '--allow-network'], aside)).toBe(true);
    expect(needsExtraCaCerts(['diagnose', 'a.pcap'], aside)).toBe(false);
    // Started by `node bin/sockscope.cjs`: they are still there.
    expect(needsExtraCaCerts(['excerpt', 'zero_window', '--allow-network'], { ...aside, [EXTRA_CA_CERTS]: FILE })).toBe(false);
    // None set: the shebang's expansion leaves an empty value.
    expect(needsExtraCaCerts(['excerpt', 'zero_window', '--allow-network'], { [SAVED_EXTRA_CA_CERTS]: '' })).toBe(false);
  });

  it('go to the child of a command that may fetch and stay aside for any other', () => {
    const fetching = envForCommand(['report', 'a.pcap', '--allow-network'], { [SAVED_EXTRA_CA_CERTS]: FILE, HOME: '/root' });
    expect(fetching[EXTRA_CA_CERTS]).toBe(FILE);
    expect(fetching[SAVED_EXTRA_CA_CERTS]).toBeUndefined();
    expect(fetching.HOME).toBe('/root');
    const reading = envForCommand(['diagnose', 'big.pcap'], { [EXTRA_CA_CERTS]: FILE });
    expect(reading[EXTRA_CA_CERTS]).toBeUndefined();
    expect(reading[SAVED_EXTRA_CA_CERTS]).toBe(FILE);
    const none = envForCommand(['diagnose', 'big.pcap'], {});
    expect(none[EXTRA_CA_CERTS]).toBeUndefined();
    expect(none[SAVED_EXTRA_CA_CERTS]).toBeUndefined();
  });
});
