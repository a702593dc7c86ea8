// Where kernel source text comes from. The CLI implements these with Node (src/io/kernel), the
// extension host with vscode.workspace.fs; the excerpt code only sees this interface.

/** Which kind of source served an excerpt (the `provider` field of `sockscope excerpt`). */
export type ProviderKind = 'path' | 'workspace' | 'distribution' | 'mirror' | 'none';

export interface KernelSourceFile {
  text: string;
  /** Where the text was read from: a file path or a URL, for the user and for links. */
  origin: string;
}

export interface KernelSourceProvider {
  readonly kind: Exclude<ProviderKind, 'none'>;
  /** Human-readable description: the tree's path, the mirror's base and version. */
  readonly label: string;
  /**
   * The file at `path` (relative to the tree root, e.g. `net/ipv4/tcp.c`), or undefined if this
   * source does not have it. Throws `ProviderUnavailable` when the source cannot serve anything
   * (network not allowed, mirror unreachable); the caller then moves on to the next source.
   * Throws `SourceFileRejected` when only this file cannot be used (too large).
   */
  read(path: string): Promise<KernelSourceFile | undefined>;
  /**
   * A public page showing exactly this source's `path` at `line`, when the source is a known
   * published version (a Debian source package tree); links then point at the very line.
   */
  browseUrl?(path: string, line: number): string | undefined;
}

/** The provider cannot serve any file; the message says why (shown to the user). */
export class ProviderUnavailable extends Error {}

/** This one file cannot be used (e.g. over the size limit); the source may still serve others. */
export class SourceFileRejected extends Error {}
