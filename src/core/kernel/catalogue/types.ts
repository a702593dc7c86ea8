// Shapes of the stage catalogue: what a stall stage means, and where in the kernel it lives.
// The catalogue is data; locating and excerpting read it but never hold line numbers, which
// always come from the source text the user actually has (design/ARCHITECTURE.md).
import type { StageId } from '../../diagnosis/finding';

/** A change between kernel versions, in the version range where it applies ("≤ 4.13", "5.10+"). */
export interface VersionNote {
  versions: string;
  note: string;
}

export interface KernelAnchor {
  /** Stable id, the same as in design/kernel/anchors.json. */
  id: string;
  /**
   * Identifier-level regular expression tested line by line (JavaScript syntax), from the line
   * holding the function's name to its closing brace; `^` is the start of the source line.
   */
  pattern: RegExp;
  /** What this line does and why it matters for a stall, in our words. */
  note: string;
  /**
   * The clause appended after a finding's facts when this line is where the finding's stage
   * shows ("this is the check that failed"). Anchors without it keep their plain note.
   */
  onFinding?: string;
  /** Search starts after this anchor's line instead of at the function's name. */
  after?: string;
  /** Kernel versions in which the line is known not to exist (a documented change). */
  absentIn?: string;
}

export interface KernelFunction {
  /** Canonical (current) name; also the key other modules use. */
  name: string;
  /** Names tried in order when locating the definition (renames across versions). */
  searchNames: readonly string[];
  /** Files tried in order, relative to the tree root; the first is where current LTS kernels have it. */
  files: readonly string[];
  /** What the function is for in a stall, in our words. */
  role: string;
  anchors: readonly KernelAnchor[];
  versions: readonly VersionNote[];
}

/** What the application on the affected side observes. */
export interface AppSymptom {
  call: string;
  result: string;
}

export interface StageInfo {
  id: StageId;
  title: string;
  /** Which endpoint's kernel holds the stage (mirrors `Finding.side`'s meaning). */
  side: string;
  whatHappens: string;
  wireSignature: string;
  application: readonly AppSymptom[];
  sysctls: readonly string[];
  /**
   * Lead sentence rendered with a finding's facts, e.g. "the {side} advertised a zero window for
   * {duration} s from frame {firstFrame}". Placeholders: see `annotate.ts`.
   */
  findingLead: string;
  /** Kernel functions of the stage, most telling first; names key into the function table. */
  functions: readonly string[];
  versions: readonly VersionNote[];
}
