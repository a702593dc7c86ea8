// Decodes the base64 text a webview sends for binary files (the channel carries JSON). Works
// in the desktop and the web extension host alike (atob is global in both).

/** Largest decoded file accepted: a PNG of a few thousand ladder rows is a few MiB. */
export const MAX_BASE64_BYTES = 64 << 20;

export function base64Bytes(text: string): Uint8Array {
  if (text.length > Math.ceil(MAX_BASE64_BYTES / 3) * 4) throw new Error(`file too large (${text.length} base64 characters, at most ${MAX_BASE64_BYTES} bytes)`);
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  if (bad >= 0) throw new Error(`not base64: character ${bad} is ${JSON.stringify(text[bad])}`);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
