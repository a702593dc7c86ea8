// Process entry of the CLI bundle: binds runCli to stdin/stdout and the exit code.
import { once } from 'node:events';
import { runCli } from './main';
import type { CliIo } from './cliIo';
import { relaunchWithHugePages } from './hugePages';

const io: CliIo = {
  out: (t) => process.stdout.write(t),
  outBytes: (b) => {
    process.stdout.write(b);
    // Nothing left queued: a file, or a pipe that took it all at once (the write then finished synchronously).
    return process.stdout.writableLength === 0;
  },
  drain: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
  err: (t) => process.stderr.write(t),
  // Read only for FILE `-`: the first read of process.stdin builds its stream (7 ms of every run otherwise).
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
};
// stdout may be closed early (`| head`); that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});
async function main(argv: string[]): Promise<number> {
  return (await relaunchWithHugePages(argv, process.env)) ?? runCli(argv, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`sockscope: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
