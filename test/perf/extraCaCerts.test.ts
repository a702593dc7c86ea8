// The certificates NODE_EXTRA_CA_CERTS names cost Node's start-up 40 ms on the benchmark VM: a
// Node the CLI starts for itself gets them only for a command that may fetch.
import { describe, expect, it } from 'vitest';
import { envForCommand, EXTRA_CA_CERTS } from '../../src/cli/extraCaCerts';

const FILE = '/etc/ssl/corporate.pem';

describe('extra CA certificates for a relaunched CLI', () => {
  it('stay for a command given --allow-network and go for any other', () => {
    const env = { [EXTRA_CA_CERTS]: FILE, HOME: '/root' };
    expect(envForCommand(['report', 'a.pcap', '-o', 'r.html', '--allow-network'], env)[EXTRA_CA_CERTS]).toBe(FILE);
    expect(envForCommand(['excerpt', 'zero_window', '--allow-network'], env)[EXTRA_CA_CERTS]).toBe(FILE);
    const reading = envForCommand(['diagnose', 'big.pcap'], env);
    expect(reading[EXTRA_CA_CERTS]).toBeUndefined();
    expect(reading.HOME).toBe('/root');
    // The caller's environment is left as it was.
    expect(env[EXTRA_CA_CERTS]).toBe(FILE);
  });
});
