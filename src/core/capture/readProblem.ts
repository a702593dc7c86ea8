// The short, fixed vocabulary in which decoders and readers describe damage, so every warning
// reads "<problem> <what> at offset N" and can be grepped for.

export const enum Problem {
  Truncated = 'truncated',
  Malformed = 'malformed',
  Unsupported = 'unsupported',
}

/**
 * A file whose headers are so damaged that nothing in it can be read (libpcap fails to open
 * it). Readers throw it; `CaptureStream` turns it into a `NotACaptureError` naming the file.
 */
export class UnreadableCapture extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}
