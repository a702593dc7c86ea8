// Node 20 parses the certificates NODE_EXTRA_CA_CERTS names while it starts, before any script
// runs: 40 ms of the benchmark VM's 100 ms start-up with Debian's bundle (bench/README.md). Only
// a command given --allow-network makes a TLS connection (a kernel mirror), so the `sockscope`
// shebang sets the variable aside under SAVED_EXTRA_CA_CERTS, and the CLI starts itself once more
// with it restored when a command may fetch.

export const EXTRA_CA_CERTS = 'NODE_EXTRA_CA_CERTS';
/** Where the shebang (and a relaunch that does not fetch) keeps the variable's value. */
export const SAVED_EXTRA_CA_CERTS = 'SOCKSCOPE_NODE_EXTRA_CA_CERTS';
const ALLOW_NETWORK = '--allow-network';

/** True when `argv` may fetch over TLS but this Node started without the certificates set aside for it. */
export function needsExtraCaCerts(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  return argv.includes(ALLOW_NETWORK) && !env[EXTRA_CA_CERTS] && !!env[SAVED_EXTRA_CA_CERTS];
}

/** The environment for a Node that runs `argv`: the certificates where it may fetch, set aside elsewhere. */
export function envForCommand(argv: readonly string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = env[EXTRA_CA_CERTS] || env[SAVED_EXTRA_CA_CERTS] || undefined;
  if (argv.includes(ALLOW_NETWORK)) return { ...env, [EXTRA_CA_CERTS]: file, [SAVED_EXTRA_CA_CERTS]: undefined };
  return { ...env, [EXTRA_CA_CERTS]: undefined, [SAVED_EXTRA_CA_CERTS]: file };
}
