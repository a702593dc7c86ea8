// IPv6 addresses as inet_ntop prints them (what tcpdump -nn shows): RFC 5952 compression of
// the longest run of two or more zero groups, lowercase hex, and a dotted IPv4 tail for
// IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses.

export function formatIpv6(bytes: Uint8Array, off: number): string {
  const groups: number[] = [];
  for (let k = 0; k < 8; k++) groups.push((bytes[off + 2 * k] << 8) | bytes[off + 2 * k + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== 0) {
      k++;
      continue;
    }
    let j = k;
    while (j < 8 && groups[j] === 0) j++;
    if (j - k > bestLen) {
      bestStart = k;
      bestLen = j - k;
    }
    k = j;
  }
  if (bestLen < 2) bestStart = -1;
  const embedsIpv4 = bestStart === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff));
  const last = embedsIpv4 ? 6 : 8;
  const hex = (from: number, to: number): string => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  let text =
    bestStart < 0 ? hex(0, last) : `${hex(0, bestStart)}::${hex(Math.min(bestStart + bestLen, last), last)}`;
  if (embedsIpv4) {
    const v4 = `${bytes[off + 12]}.${bytes[off + 13]}.${bytes[off + 14]}.${bytes[off + 15]}`;
    text = text.endsWith(':') ? text + v4 : `${text}:${v4}`;
  }
  return text;
}
