// Finds a C function's definition by name and its body by brace matching, on code with comments,
// literals and preprocessor lines blanked (cSource.ts). A definition is NAME( … ) at file level
// followed by its body `{` — possibly after attribute macros or, in K&R style, parameter
// declarations — so calls, prototypes and mentions in comments or strings never match.
import { Directive, lineIndexOf, type CSource } from './cSource';

export interface FunctionSpan {
  /** The name that matched (one of the names asked for). */
  name: string;
  /** 1-based line holding the function's name in its definition. */
  nameLine: number;
  /** 1-based first line of the signature (return type and qualifiers may precede the name). */
  signatureLine: number;
  /** 1-based line of the body's opening brace. */
  bodyLine: number;
  /** 1-based line of the body's closing brace. */
  endLine: number;
  /** False when braces did not balance and the end is the next line starting with `}`. */
  balanced: boolean;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

/** How far past a name we look for its body; a real parameter list never comes near. */
const MAX_SIGNATURE_CHARS = 4000;

const NOT_KR_PARAMS = new Set([
  'void', 'int', 'char', 'short', 'long', 'unsigned', 'signed', 'float', 'double', 'bool',
  'struct', 'union', 'enum', 'const', 'volatile', 'u8', 'u16', 'u32', 'u64', 'size_t',
]);

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

function skipSpace(code: string, i: number): number {
  while (i < code.length && isSpace(code.charCodeAt(i))) i++;
  return i;
}

/** Offset just past the parenthesis closing the one at `open`, or -1. */
function matchParen(code: string, open: number, limit: number): number {
  let depth = 0;
  const end = Math.min(code.length, open + limit);
  for (let i = open; i < end; i++) {
    const c = code.charCodeAt(i);
    if (c === OPEN_PAREN) depth++;
    else if (c === CLOSE_PAREN && --depth === 0) return i + 1;
    else if (c === OPEN_BRACE || c === CLOSE_BRACE || c === 59 /* ; */) return -1;
  }
  return -1;
}

/**
 * Open preprocessor conditionals, for counting braces in only one branch of each: whether each
 * open conditional has reached an alternative branch (#else/#elif), and how many have.
 */
interface Conditionals {
  alternates: boolean[];
  skipping: number;
}

/** Follows an #if/#else/#endif line; false for any other line. */
function followConditional(state: Conditionals, kind: number): boolean {
  if (kind === Directive.If) {
    state.alternates.push(false);
    return true;
  }
  if (kind === Directive.Else) {
    const open = state.alternates;
    if (open.length && !open[open.length - 1]) {
      open[open.length - 1] = true;
      state.skipping++;
    }
    return true;
  }
  if (kind === Directive.Endif) {
    if (state.alternates.pop()) state.skipping--;
    return true;
  }
  return false;
}

/**
 * Brace depth at the start of each line, counting only braces outside the alternative branches
 * (#else/#elif) of preprocessor conditionals: when two branches each open a block, counting both
 * would leave the rest of the file one level too deep.
 */
function fileLevelDepths(src: CSource): Int32Array {
  const depths = new Int32Array(src.lineCount + 1);
  const conditionals: Conditionals = { alternates: [], skipping: 0 };
  let depth = 0;
  for (let line = 0; line < src.lineCount; line++) {
    depths[line] = depth;
    const kind = src.directives[line];
    if (followConditional(conditionals, kind)) continue;
    if (kind === Directive.Other || conditionals.skipping > 0) continue;
    const start = src.lineStarts[line];
    const end = line + 1 < src.lineCount ? src.lineStarts[line + 1] : src.code.length;
    for (let i = start; i < end; i++) {
      const c = src.code.charCodeAt(i);
      if (c === OPEN_BRACE) depth++;
      else if (c === CLOSE_BRACE && depth > 0) depth--;
    }
  }
  depths[src.lineCount] = depth;
  return depths;
}

/** Depth at an offset: the line's starting depth plus braces before it on that line. */
function depthAt(src: CSource, depths: Int32Array, offset: number): number {
  const line = lineIndexOf(src, offset);
  let depth = depths[line];
  for (let i = src.lineStarts[line]; i < offset; i++) {
    const c = src.code.charCodeAt(i);
    if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && depth > 0) depth--;
  }
  return depth;
}

/**
 * After a parameter list ending at `after`: the offset of the body's `{`, or -1 if this is a
 * call or a declaration. Attribute macros (`__releases(x)`, `__attribute__((…))`) may sit between.
 */
function bodyAfterParams(code: string, params: string, after: number): number {
  let i = skipSpace(code, after);
  const limit = after + MAX_SIGNATURE_CHARS;
  while (i < code.length && i < limit) {
    const c = code.charCodeAt(i);
    if (c === OPEN_BRACE) return i;
    if (!isIdentChar(c)) break;
    let j = i;
    while (j < code.length && isIdentChar(code.charCodeAt(j))) j++;
    j = skipSpace(code, j);
    if (code.charCodeAt(j) === OPEN_PAREN) {
      const close = matchParen(code, j, MAX_SIGNATURE_CHARS);
      if (close < 0) return -1;
      j = skipSpace(code, close);
    } else if (code.charCodeAt(j) !== OPEN_BRACE && isIdentChar(code.charCodeAt(j))) {
      // Two identifiers in a row: K&R parameter declarations (`int a;`) start here.
      return krBody(code, params, i, limit);
    } else if (code.charCodeAt(j) === 42 /* * */ || code.charCodeAt(j) === 59 /* ; */) {
      return krBody(code, params, i, limit);
    }
    i = j;
  }
  return -1;
}

/**
 * K&R style: `int f(a, b) int a; char *b; { … }`. Accepted only when the parameter list is a
 * bare list of names and every declaration before the `{` mentions one of them.
 */
function krBody(code: string, params: string, from: number, limit: number): number {
  const names = params
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (names.length === 0 || names.some((p) => !/^[A-Za-z_]\w*$/.test(p) || NOT_KR_PARAMS.has(p))) return -1;
  const wanted = new Set(names);
  let i = from;
  while (i < code.length && i < limit) {
    const semi = code.indexOf(';', i);
    const brace = code.indexOf('{', i);
    if (brace >= 0 && (semi < 0 || brace < semi)) {
      return code.slice(i, brace).trim() === '' ? brace : -1;
    }
    if (semi < 0) return -1;
    const decl = code.slice(i, semi);
    if (decl.includes('}')) return -1;
    const idents = decl.match(/[A-Za-z_]\w*/g) ?? [];
    if (!idents.some((id) => wanted.has(id))) return -1;
    i = semi + 1;
  }
  return -1;
}

/** The closing brace of the block opened at `open`, ignoring alternative preprocessor branches opened inside. */
function matchBody(src: CSource, open: number): number {
  const code = src.code;
  let line = lineIndexOf(src, open);
  let depth = 0;
  const conditionals: Conditionals = { alternates: [], skipping: 0 };
  let i = open;
  while (line < src.lineCount) {
    const lineEnd = line + 1 < src.lineCount ? src.lineStarts[line + 1] : code.length;
    const kind = i === src.lineStarts[line] ? src.directives[line] : Directive.None;
    if (!followConditional(conditionals, kind) && kind !== Directive.Other && conditionals.skipping === 0) {
      for (; i < lineEnd; i++) {
        const c = code.charCodeAt(i);
        if (c === OPEN_BRACE) depth++;
        else if (c === CLOSE_BRACE && --depth === 0) return i;
      }
    }
    line++;
    i = lineEnd;
  }
  return -1;
}

/** First line of the signature: return-type and qualifier lines right above the name's line. */
function signatureStart(src: CSource, nameIndex: number): number {
  let first = nameIndex;
  for (let k = nameIndex - 1; k >= 0 && k >= nameIndex - 3; k--) {
    if (src.directives[k] !== Directive.None) break;
    const end = src.lineStarts[k + 1] - 1;
    const text = src.code.slice(src.lineStarts[k], end).trim();
    if (text === '' || /[;{}]$/.test(text) || /^[)\]]/.test(text)) break;
    first = k;
  }
  return first;
}

function endFallback(src: CSource, fromLine: number): number {
  for (let k = fromLine + 1; k < src.lineCount; k++) {
    if (src.text.charCodeAt(src.lineStarts[k]) === CLOSE_BRACE) return k;
  }
  return src.lineCount - 1;
}

function locateOne(src: CSource, name: string, depths: Int32Array): FunctionSpan | undefined {
  const code = src.code;
  const pattern = new RegExp(`(?<![\\w.>])${name.replace(/[^\w]/g, '')}\\s*\\(`, 'g');
  for (let m = pattern.exec(code); m; m = pattern.exec(code)) {
    const at = m.index;
    // A member call such as ops->name( is excluded by the look-behind; a call inside a body is
    // excluded here, except inside alternative preprocessor branches, which the body test catches.
    if (depthAt(src, depths, at) !== 0) continue;
    const open = at + m[0].length - 1;
    const close = matchParen(code, open, MAX_SIGNATURE_CHARS);
    if (close < 0) continue;
    const body = bodyAfterParams(code, code.slice(open + 1, close - 1), close);
    if (body < 0) continue;
    const nameIndex = lineIndexOf(src, at);
    const bodyIndex = lineIndexOf(src, body);
    const closing = matchBody(src, body);
    const balanced = closing >= 0;
    const endIndex = balanced ? lineIndexOf(src, closing) : endFallback(src, bodyIndex);
    return {
      name,
      nameLine: nameIndex + 1,
      signatureLine: signatureStart(src, nameIndex) + 1,
      bodyLine: bodyIndex + 1,
      endLine: endIndex + 1,
      balanced,
    };
  }
  return undefined;
}

/** Several functions are usually looked up in one file: its depth table is computed once. */
const depthCache = new WeakMap<CSource, Int32Array>();

/** The definition of the first of `names` (tried in order) that the source defines. */
export function locateFunction(src: CSource, names: readonly string[]): FunctionSpan | undefined {
  let depths = depthCache.get(src);
  if (!depths) {
    depths = fileLevelDepths(src);
    depthCache.set(src, depths);
  }
  for (const name of names) {
    const span = locateOne(src, name, depths);
    if (span) return span;
  }
  return undefined;
}
