// Which flows the list shows, in which order: the free-text filter and the sort, over the flow
// table's columns. A capture can hold a million flows, so nothing here builds an object per flow;
// the order is one Uint32Array of flow ids.
import { FLOW_PROTOS, FLOW_STATES, type FindingBadge, type FindingView, type FlowTableView } from '../src/protocol';
import { endpointText } from './format';
import type { SortKey } from './state';
import { stageShort } from './tcpText';

export type BadgesByFlow = ReadonlyMap<number, readonly FindingBadge[]>;

/** How far a flow's findings weigh in the `findings` sort: confident ones first, then how many. */
export function findingScore(badges: readonly FindingBadge[] | undefined): number {
  let s = 0;
  if (badges) for (const b of badges) s += b.confidence === 'high' ? 100 : b.confidence === 'medium' ? 10 : 1;
  return s;
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Each address's place in sorted order: IPv4 addresses numerically (10.0.0.9 before 10.0.0.10),
 * then every other text (IPv6, host names from a text log) by code units. Numbers, not a
 * collator: a collator compares a few hundred thousand addresses in seconds.
 */
export function addressRanks(addrs: readonly string[]): Uint32Array {
  const n = addrs.length;
  const v4 = new Float64Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const m = DOTTED_QUAD.exec(addrs[i]);
    if (m) v4[i] = ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]);
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const x = v4[a];
    const y = v4[b];
    if (x >= 0 || y >= 0) return x < 0 ? 1 : y < 0 ? -1 : x - y;
    const s = addrs[a];
    const t = addrs[b];
    return s < t ? -1 : s > t ? 1 : 0;
  });
  const rank = new Uint32Array(n);
  for (let k = 0; k < n; k++) rank[order[k]] = k;
  return rank;
}

/** State codes in the order of their names, as the list sorted them when they were words. */
const STATE_RANK = (() => {
  const byName = FLOW_STATES.map((name, code) => ({ name, code })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const rank = new Uint8Array(FLOW_STATES.length);
  byName.forEach(({ code }, k) => (rank[code] = k));
  return rank;
})();

/** Flows whose filter texts are kept between filters (a million would hold about 100 MB). */
const KEEP_TEXTS_UP_TO = 500_000;

/** The list's view of the flow table: what it matches and sorts on, computed once per table. */
export class FlowOrder {
  private ranks: Uint32Array | undefined;
  /** Lower-case text the filter searches, per flow (see texts()); dropped with the badges. */
  private hay: string[] | undefined;

  constructor(
    readonly table: FlowTableView,
    private badges: BadgesByFlow,
    private findings: readonly FindingView[],
  ) {}

  badgesOf(id: number): readonly FindingBadge[] {
    return this.badges.get(id) ?? [];
  }

  findingAt(index: number): FindingView | undefined {
    return this.findings[index];
  }

  setFindings(badges: BadgesByFlow, findings: readonly FindingView[]): void {
    this.badges = badges;
    this.findings = findings;
    this.hay = undefined;
  }

  /** Flow ids that match `filter` (every word somewhere in the row), sorted by `key`, ties by id. */
  order(filter: string, key: SortKey, descending: boolean): Uint32Array {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const n = this.table.count;
    let ids: Uint32Array;
    if (words.length === 0) {
      ids = new Uint32Array(n);
      for (let i = 0; i < n; i++) ids[i] = i;
    } else {
      const textOf = this.texts();
      const kept: number[] = [];
      for (let i = 0; i < n; i++) {
        const text = textOf(i);
        if (words.every((w) => text.includes(w))) kept.push(i);
      }
      ids = Uint32Array.from(kept);
    }
    const value = this.sortValue(key);
    const sign = descending ? -1 : 1;
    return ids.sort((a, b) => sign * (value(a) - value(b)) || a - b);
  }

  private sortValue(key: SortKey): (id: number) => number {
    const t = this.table;
    switch (key) {
      case 'label':
        return (id) => id;
      case 'client': {
        const rank = (this.ranks ??= addressRanks(t.addrs));
        return (id) => rank[t.clientAddr[id]] * 65536 + t.clientPort[id];
      }
      case 'server': {
        const rank = (this.ranks ??= addressRanks(t.addrs));
        return (id) => rank[t.serverAddr[id]] * 65536 + t.serverPort[id];
      }
      case 'proto':
        return (id) => t.proto[id];
      case 'packets':
        return (id) => t.packets[id];
      case 'bytes':
        return (id) => t.bytesToServer[id] + t.bytesToClient[id];
      case 'duration':
        return (id) => t.end[id] - t.start[id];
      case 'state':
        return (id) => STATE_RANK[t.state[id]];
      case 'findings': {
        const scores = new Float64Array(t.count);
        for (const [id, list] of this.badges) if (id < t.count) scores[id] = findingScore(list);
        return (id) => scores[id];
      }
    }
  }

  /**
   * The lower-case text the filter searches in flow i. Kept after the first filter up to
   * KEEP_TEXTS_UP_TO flows (about 100 bytes each); past that, made again at each filter.
   */
  private texts(): (i: number) => string {
    if (this.hay) {
      const hay = this.hay;
      return (i) => hay[i];
    }
    const n = this.table.count;
    if (n > KEEP_TEXTS_UP_TO) return (i) => this.textOf(i);
    const hay: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) hay[i] = this.textOf(i);
    this.hay = hay;
    return (i) => hay[i];
  }

  private textOf(i: number): string {
    const t = this.table;
    let text = `f${i} ${FLOW_PROTOS[t.proto[i]]} ${FLOW_STATES[t.state[i]]} ${endpointText(t.addrs[t.clientAddr[i]] ?? '?', t.clientPort[i])} ${endpointText(t.addrs[t.serverAddr[i]] ?? '?', t.serverPort[i])}`;
    const badges = this.badges.get(i);
    if (badges) for (const b of badges) text += ` ${b.stage} ${stageShort(b.stage)} ${this.findings[b.finding]?.title ?? ''}`;
    return text.toLowerCase();
  }
}
