// What a command needs from the process, passed in so commands can be run from tests.

export interface CliIo {
  out(text: string): void;
  /**
   * Bytes (UTF-8) for standard output: where given, output assembled as bytes (AsciiBatch) goes
   * out as it is, not decoded into a string for `out` to encode again. Returns true when it is
   * done with them on return (written at once), so the caller may write over them; otherwise
   * they are its to keep.
   */
  outBytes?(bytes: Uint8Array): boolean | void;
  /**
   * Resolves once standard output has passed on what it was given. A pipe to a slower reader
   * (`| gzip`, `| less`) takes output only as fast as it is read; without waiting, everything
   * written meanwhile stays in memory: `packets` of a 200 MB capture held 1.5 GB that way.
   * Commands that print in proportion to the packets wait between batches. Absent: nothing to wait for.
   */
  drain?(): Promise<void>;
  /** Standard input, for FILE `-` (a capture piped in: `tcpdump -w - | sockscope diagnose -`). Absent: empty. */
  stdin?: AsyncIterable<Uint8Array>;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Thrown for bad usage: exit code 2 with the message and the usage line. */
export class UsageError extends Error {}

/** Thrown when an input cannot be read at all: exit code 1, message names the file. */
export class InputError extends Error {}

export type Command = (args: string[], io: CliIo) => Promise<number>;

/** The value given to the option at `args[i]` (the next argument); a UsageError when there is none. */
export function optionValue(args: readonly string[], i: number): string {
  const value = args[i + 1];
  if (value === undefined) throw new UsageError(`${args[i]} needs a value`);
  return value;
}

/** An option's value as a whole number from `min` to `max`; a UsageError naming the option otherwise. */
export function wholeNumberArg(option: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}`);
  return n;
}
