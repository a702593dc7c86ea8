// A C source file prepared for structural search: a copy of the text in which comments,
// string and character literals and preprocessor lines are blanked (same length, newlines
// kept), so brace and parenthesis matching and name search only ever see code.

/** Kind of preprocessor directive on a line; what conditional tracking needs. */
export const Directive = {
  None: 0,
  /** #if, #ifdef, #ifndef */
  If: 1,
  /** #else, #elif, #elifdef, #elifndef */
  Else: 2,
  Endif: 3,
  Other: 4,
} as const;
export type Directive = (typeof Directive)[keyof typeof Directive];

export interface CSource {
  /** The original text. */
  readonly text: string;
  /** Same length as `text`; only code remains, everything else is spaces. */
  readonly code: string;
  /** Offset of the first character of each line (0-based line index). */
  readonly lineStarts: Int32Array;
  /** `Directive` of each line (0-based); continuation lines of a directive are `Other`. */
  readonly directives: Uint8Array;
  readonly lineCount: number;
}

const NL = 10;
const SPACE = 32;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const HASH = 35;
const TAB = 9;
const CR = 13;

function classifyDirective(text: string, hashAt: number): Directive {
  const m = /^#\s*([a-z]+)/.exec(text.slice(hashAt, hashAt + 24));
  const word = m ? m[1] : '';
  if (word === 'if' || word === 'ifdef' || word === 'ifndef') return Directive.If;
  if (word === 'else' || word === 'elif' || word === 'elifdef' || word === 'elifndef') return Directive.Else;
  if (word === 'endif') return Directive.Endif;
  return Directive.Other;
}

export function scanCSource(text: string): CSource {
  const n = text.length;
  const out = new Uint16Array(n);
  const starts: number[] = [0];
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === NL) starts.push(i + 1);
  const lineCount = starts.length;
  const directives = new Uint8Array(lineCount);

  let line = 0;
  let atLineStart = true; // only whitespace seen so far on this line (outside comments)
  let inDirective = false;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL) {
      out[i] = NL;
      line++;
      // A directive continues onto the next line only after a backslash.
      let k = i - 1;
      if (k >= 0 && text.charCodeAt(k) === CR) k--;
      if (inDirective && !(k >= 0 && text.charCodeAt(k) === BACKSLASH)) inDirective = false;
      if (inDirective && line < lineCount) directives[line] = Directive.Other;
      atLineStart = true;
      i++;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      // Block comment: blank it, keep newlines so line numbers stay true.
      out[i] = SPACE;
      out[i + 1] = SPACE;
      i += 2;
      while (i < n && !(text.charCodeAt(i) === STAR && text.charCodeAt(i + 1) === SLASH)) {
        if (text.charCodeAt(i) === NL) {
          out[i] = NL;
          line++;
          if (inDirective && line < lineCount) directives[line] = Directive.Other;
        } else out[i] = SPACE;
        i++;
      }
      if (i < n) {
        out[i] = SPACE;
        out[i + 1] = SPACE;
        i += 2;
      }
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i < n && text.charCodeAt(i) !== NL) out[i++] = SPACE;
      continue;
    }
    if (inDirective) {
      out[i++] = SPACE;
      continue;
    }
    if (c === HASH && atLineStart) {
      inDirective = true;
      directives[line] = classifyDirective(text, i);
      out[i++] = SPACE;
      continue;
    }
    if (c === DQUOTE || c === SQUOTE) {
      // Literal: keep the quotes, blank the inside; an unterminated one ends at the line.
      out[i++] = c;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === NL) break;
        if (d === BACKSLASH && i + 1 < n && text.charCodeAt(i + 1) !== NL) {
          out[i] = SPACE;
          out[i + 1] = SPACE;
          i += 2;
          continue;
        }
        if (d === c) {
          out[i++] = c;
          break;
        }
        out[i++] = SPACE;
      }
      atLineStart = false;
      continue;
    }
    out[i] = c;
    if (c !== SPACE && c !== TAB && c !== CR) atLineStart = false;
    i++;
  }

  let code = '';
  const CHUNK = 8192;
  for (let k = 0; k < n; k += CHUNK) code += String.fromCharCode(...out.subarray(k, Math.min(n, k + CHUNK)));
  return { text, code, lineStarts: Int32Array.from(starts), directives, lineCount };
}

/** 0-based line index of a character offset. */
export function lineIndexOf(src: CSource, offset: number): number {
  const starts = src.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineEnd(src: CSource, index: number): number {
  const end = index + 1 < src.lineCount ? src.lineStarts[index + 1] - 1 : src.text.length;
  return end > src.lineStarts[index] && src.text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

/** The original text of a 1-based line, without its line break. */
export function sourceLine(src: CSource, lineNo: number): string {
  const i = lineNo - 1;
  return src.text.slice(src.lineStarts[i], lineEnd(src, i));
}
