// Starts the CLI once more in a child Node, for what only takes effect as Node starts (glibc's
// tunables, V8's heap sizes, the certificates Node loads). child_process is loaded only here:
// at start-up it costs every command 5 ms.

/** Runs this CLI with `argv` in a child Node given `nodeOptions` and `env`; its exit code, or null when it could not start. */
export async function runAgain(nodeOptions: string[], argv: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  const { spawnSync } = await import('node:child_process');
  const { constants } = await import('node:os');
  const child = spawnSync(process.execPath, [...nodeOptions, ...process.execArgv, process.argv[1], ...argv], { stdio: 'inherit', env });
  if (child.error) return null;
  // A shell reports a child killed by a signal as 128 + its number.
  if (child.signal) return 128 + (constants.signals[child.signal] ?? 0);
  return child.status ?? 1;
}
