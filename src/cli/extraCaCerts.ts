// Node 20 parses the certificates NODE_EXTRA_CA_CERTS names while it starts, before any script
// runs: 40 ms of the benchmark VM's 100 ms start-up with Debian's bundle (bench/README.md). Only
// a command given --allow-network makes a TLS connection (to a kernel mirror), so a Node the CLI
// starts for itself (the huge-page relaunch) gets them only for such a command.

export const EXTRA_CA_CERTS = 'NODE_EXTRA_CA_CERTS';
const ALLOW_NETWORK = '--allow-network';

/** The environment for a Node the CLI starts to run `argv`: without the certificates unless it may fetch. */
export function envForCommand(argv: readonly string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return argv.includes(ALLOW_NETWORK) ? env : { ...env, [EXTRA_CA_CERTS]: undefined };
}
