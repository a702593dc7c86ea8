// What a command needs from the process, passed in so commands can be run from tests.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Thrown for bad usage: exit code 2 with the message and the usage line. */
export class UsageError extends Error {}

/** Thrown when an input cannot be read at all: exit code 1, message names the file. */
export class InputError extends Error {}

export type Command = (args: string[], io: CliIo) => Promise<number>;
