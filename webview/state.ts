// Layout state that survives hiding the editor: kept by VS Code through setState/getState
// (not retainContextWhenHidden), validated on the way back in.
import type { HostChannel } from './hostChannel';
import { validRange, type Range } from './timeSeq/viewport';

export type SortKey = 'label' | 'client' | 'server' | 'proto' | 'packets' | 'bytes' | 'duration' | 'state' | 'findings';

export interface ViewState {
  selectedFlow: number | null;
  /** Packet index at the top of the ladder. */
  topIndex: number;
  /** Packet index of the keyboard cursor. */
  cursor: number;
  zoom: number;
  sortKey: SortKey;
  sortDescending: boolean;
  filter: string;
  selectedFinding: number | null;
  /** Which view the ladder area shows. */
  view: ViewMode;
  /** Direction the time-sequence graph plots; null = the one with more payload. */
  timeSeqDir: number | null;
  /** The time-sequence graph's zoomed window; null = the whole flow. */
  timeSeqRange: Range | null;
}

export type ViewMode = 'ladder' | 'timeseq' | 'split';
const VIEW_MODES: readonly ViewMode[] = ['ladder', 'timeseq', 'split'];

const SORT_KEYS: readonly SortKey[] = ['label', 'client', 'server', 'proto', 'packets', 'bytes', 'duration', 'state', 'findings'];

export const ZOOM_MIN = 0.5;
export const ZOOM_MAX = 3;

export function defaultState(): ViewState {
  return {
    selectedFlow: null,
    topIndex: 0,
    cursor: 0,
    zoom: 1,
    sortKey: 'findings',
    sortDescending: true,
    filter: '',
    selectedFinding: null,
    view: 'ladder',
    timeSeqDir: null,
    timeSeqRange: null,
  };
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Whatever getState returns (an older version's shape, or nothing) becomes a valid state. */
export function restoreState(raw: unknown): ViewState {
  const s = defaultState();
  if (typeof raw !== 'object' || raw === null) return s;
  const r = raw as Record<string, unknown>;
  s.selectedFlow = typeof r.selectedFlow === 'number' ? r.selectedFlow : null;
  s.topIndex = Math.max(0, Math.floor(num(r.topIndex, 0)));
  s.cursor = Math.max(0, Math.floor(num(r.cursor, 0)));
  s.zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, num(r.zoom, 1)));
  if (typeof r.sortKey === 'string' && (SORT_KEYS as readonly string[]).includes(r.sortKey)) s.sortKey = r.sortKey as SortKey;
  s.sortDescending = typeof r.sortDescending === 'boolean' ? r.sortDescending : s.sortDescending;
  s.filter = typeof r.filter === 'string' ? r.filter.slice(0, 200) : '';
  s.selectedFinding = typeof r.selectedFinding === 'number' ? r.selectedFinding : null;
  if (typeof r.view === 'string' && (VIEW_MODES as readonly string[]).includes(r.view)) s.view = r.view as ViewMode;
  s.timeSeqDir = r.timeSeqDir === 0 || r.timeSeqDir === 1 ? r.timeSeqDir : null;
  s.timeSeqRange = validRange(r.timeSeqRange);
  return s;
}

/** Saves at most once per animation frame, however often the view changes. */
export class StateStore {
  readonly value: ViewState;
  private scheduled = false;

  constructor(private readonly channel: HostChannel) {
    this.value = restoreState(channel.getState());
  }

  update(patch: Partial<ViewState>): void {
    Object.assign(this.value, patch);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.channel.setState({ ...this.value });
    });
  }
}
