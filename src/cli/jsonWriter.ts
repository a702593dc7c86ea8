// Writes what JSON.stringify(value, null, indent) would, byte for byte, for an object whose
// top-level arrays may be long: each element is stringified on its own and the text goes out in
// pieces of about a megabyte. One string of `diagnose --format json` for 1.7 million flows
// exceeded V8's longest string (~512 MiB) and the command died with "Invalid string length".
// After each piece it waits for `drain` (CliIo.drain), so a slow reader of the output does not
// leave hundreds of megabytes of it waiting in memory.

const PIECE_CHARS = 1 << 20;

export async function writeJson(
  out: (text: string) => void,
  value: Record<string, unknown>,
  indent: number,
  drain?: () => Promise<void>,
): Promise<void> {
  const pad = ' '.repeat(indent);
  const elementPad = pad + pad;
  let piece = '{';
  let first = true;
  /** True when a piece went out, so the caller waits for `drain` before going on. */
  const emit = (text: string): boolean => {
    piece += text;
    if (piece.length < PIECE_CHARS) return false;
    out(piece);
    piece = '';
    return true;
  };
  for (const key of Object.keys(value)) {
    const v = value[key];
    // JSON.stringify leaves such members out.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    emit(`${first ? '' : ','}\n${pad}${JSON.stringify(key)}: `);
    first = false;
    if (Array.isArray(v) && v.length > 0) {
      emit('[');
      for (let k = 0; k < v.length; k++) {
        // Strings in JSON hold no raw line breaks: every one is the layout's, to indent further.
        const text = JSON.stringify(v[k], null, indent) ?? 'null';
        if (emit(`${k === 0 ? '' : ','}\n${elementPad}${text.replaceAll('\n', `\n${elementPad}`)}`) && drain) await drain();
      }
      emit(`\n${pad}]`);
    } else emit(JSON.stringify(v, null, indent).replaceAll('\n', `\n${pad}`));
  }
  emit(first ? '}' : '\n}');
  out(piece);
}
