// Just enough C highlighting for kernel excerpts: comments (including ones spanning lines),
// strings, character literals, numbers, keywords, preprocessor lines and macro-like names.
// Tokens become spans whose text is set with textContent.

export type TokenKind = 'plain' | 'comment' | 'string' | 'number' | 'keyword' | 'type' | 'preproc' | 'macro';

const KEYWORDS = new Set(
  'if else for while do switch case default break continue return goto sizeof typeof static inline extern const volatile struct union enum typedef register restrict likely unlikely'.split(
    ' ',
  ),
);
const TYPES = new Set('void char short int long unsigned signed bool u8 u16 u32 u64 s8 s16 s32 s64 __u8 __u16 __u32 __u64 __be16 __be32 size_t ssize_t'.split(' '));

const TOKEN = /(\/\*|\/\/.*$|"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|\b0[xX][0-9a-fA-F]+[uUlL]*\b|\b\d+[uUlL]*\b|\b[A-Za-z_]\w*\b)/g;

export interface Token {
  kind: TokenKind;
  text: string;
}

/** Tokenises one line; `inComment` carries a block comment across lines and is returned updated. */
export function tokenizeLine(line: string, inComment: boolean): { tokens: Token[]; inComment: boolean } {
  const tokens: Token[] = [];
  let pos = 0;
  if (inComment) {
    const end = line.indexOf('*/');
    if (end < 0) return { tokens: [{ kind: 'comment', text: line }], inComment: true };
    tokens.push({ kind: 'comment', text: line.slice(0, end + 2) });
    pos = end + 2;
  }
  if (/^\s*#/.test(line.slice(pos))) {
    tokens.push({ kind: 'preproc', text: line.slice(pos) });
    return { tokens, inComment: false };
  }
  TOKEN.lastIndex = pos;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(line)) !== null) {
    if (m.index > pos) tokens.push({ kind: 'plain', text: line.slice(pos, m.index) });
    const t = m[0];
    if (t === '/*') {
      const end = line.indexOf('*/', m.index + 2);
      if (end < 0) {
        tokens.push({ kind: 'comment', text: line.slice(m.index) });
        return { tokens, inComment: true };
      }
      tokens.push({ kind: 'comment', text: line.slice(m.index, end + 2) });
      pos = end + 2;
      TOKEN.lastIndex = pos;
      continue;
    }
    let kind: TokenKind = 'plain';
    if (t.startsWith('//')) kind = 'comment';
    else if (t.startsWith('"') || t.startsWith("'")) kind = 'string';
    else if (/^\d/.test(t)) kind = 'number';
    else if (KEYWORDS.has(t)) kind = 'keyword';
    else if (TYPES.has(t)) kind = 'type';
    else if (/^[A-Z][A-Z0-9_]{2,}$/.test(t)) kind = 'macro';
    tokens.push({ kind, text: t });
    pos = m.index + t.length;
  }
  if (pos < line.length) tokens.push({ kind: 'plain', text: line.slice(pos) });
  return { tokens, inComment: false };
}
