// The ladder's `/` search: space-separated terms that must all match one packet.
//   123 or #123      frame number (a bare number also matches relative seq or ack)
//   syn fin rst psh  TCP flags
//   retrans, zero…   Wireshark analysis names, by prefix ("zero" matches zero_window*)
//   len>0 len=0 win=0
import { ANALYSIS_FLAG_LABELS, type RowColumns } from '../../src/protocol';
import * as i18n from '../i18n';

export type RowPredicate = (cols: RowColumns, k: number) => boolean;

const FLAG_BITS: Record<string, number> = { fin: 0x001, syn: 0x002, rst: 0x004, psh: 0x008, ack: 0x010, urg: 0x020, ece: 0x040, cwr: 0x080 };

function term(t: string): RowPredicate | string {
  const frameMatch = /^#(\d+)$/.exec(t);
  if (frameMatch) {
    const f = Number(frameMatch[1]);
    return (c, k) => c.frame[k] === f;
  }
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return (c, k) => c.frame[k] === n || c.seq[k] === n || c.ack[k] === n;
  }
  const cmp = /^(len|win|seq|ack)(>=|<=|=|>|<)(\d+)$/.exec(t);
  if (cmp) {
    const col = cmp[1] as 'len' | 'win' | 'seq' | 'ack';
    const op = cmp[2];
    const v = Number(cmp[3]);
    return (c, k) => {
      const x = c[col][k];
      return op === '=' ? x === v : op === '>' ? x > v : op === '<' ? x < v : op === '>=' ? x >= v : x <= v;
    };
  }
  const flag = FLAG_BITS[t];
  if (flag !== undefined) return (c, k) => (c.flags[k] & flag) !== 0;
  let bits = 0;
  const key = t.replace(/[- ]/g, '_');
  for (let b = 0; b < ANALYSIS_FLAG_LABELS.length; b++) if (ANALYSIS_FLAG_LABELS[b].startsWith(key)) bits |= 1 << b;
  if (bits !== 0) return (c, k) => (c.analysis[k] & bits) !== 0;
  return i18n.t('webview.search.unknown', { term: t });
}

/** Compiles a query; returns an error text when a term means nothing. */
export function compileQuery(query: string): RowPredicate | string {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return i18n.t('webview.search.empty');
  const preds: RowPredicate[] = [];
  for (const t of terms) {
    const p = term(t);
    if (typeof p === 'string') return p;
    preds.push(p);
  }
  return (c, k) => preds.every((p) => p(c, k));
}
