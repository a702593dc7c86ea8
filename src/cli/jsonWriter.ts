// Writes what JSON.stringify(value, null, indent) would, byte for byte, for an object whose
// top-level arrays may be long: such an array is stringified a run of elements at a time and the
// text goes out in pieces of about a megabyte. One string of `diagnose --format json` for 1.7
// million flows exceeded V8's longest string (~512 MiB) and the command died with "Invalid
// string length". After each piece it waits for `drain` (CliIo.drain), so a slow reader of the
// output does not leave hundreds of megabytes of it waiting in memory.
//
// A run is stringified inside a one-member object, `{"x": run}`, which puts its elements at the
// depth they have in the whole document; the text between that object's opening and closing lines
// is then the run's part of the array as it is. One call per element, each then re-indented,
// cost four times as long for 20,000 flows (and as much again in the collector).

const PIECE_CHARS = 1 << 20;

/**
 * A top-level array member that writes its own elements, as bytes say, instead of being
 * stringified: each element preceded by `\n` (the first) or `,\n`, then two levels of `indent`
 * spaces, and laid out inside as JSON.stringify(…, null, indent) lays out an element of an array
 * that is a member of the top-level object. writeJson writes the brackets around them.
 */
export abstract class SelfWrittenArray {
  abstract readonly length: number;
  abstract writeElements(indent: number): Promise<void>;
}
/** Elements in the first run; later runs are sized from the characters per element so far. */
const FIRST_RUN = 256;

export async function writeJson(
  out: (text: string) => void,
  value: Record<string, unknown>,
  indent: number,
  drain?: () => Promise<void>,
): Promise<void> {
  const pad = ' '.repeat(indent);
  const runHead = `{\n${pad}"x": [`;
  const runTail = `\n${pad}]\n}`;
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
    if (v instanceof SelfWrittenArray && v.length > 0) {
      emit('[');
      out(piece);
      piece = '';
      await v.writeElements(indent);
      emit(`\n${pad}]`);
    } else if (v instanceof SelfWrittenArray) emit('[]');
    else if (Array.isArray(v) && v.length > 0) {
      emit('[');
      let run = FIRST_RUN;
      for (let k = 0; k < v.length; ) {
        const end = Math.min(v.length, k + run);
        const text = JSON.stringify({ x: v.slice(k, end) }, null, indent);
        const elements = text.slice(runHead.length, text.length - runTail.length);
        const sent = emit(k === 0 ? elements : `,${elements}`);
        // About a quarter of a piece per run, whatever the elements' size.
        run = Math.max(1, Math.floor(((PIECE_CHARS / 4) * (end - k)) / Math.max(1, elements.length)));
        k = end;
        if (sent && drain) await drain();
      }
      emit(`\n${pad}]`);
    } else emit(JSON.stringify(v, null, indent).replaceAll('\n', `\n${pad}`));
  }
  emit(first ? '}' : '\n}');
  out(piece);
}
