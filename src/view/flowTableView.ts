// Reading the flow table (`FlowTableView`) one flow at a time, and turning it into plain JSON and
// back for the report page, which embeds its data as JSON. No core imports: the webview bundle
// and the report page use this file.
import { FLOW_PROTOS, FLOW_STATES, type FindingBadge, type FlowSummaryView, type FlowTableJson, type FlowTableView } from '../protocol';

type TypedColumn = Uint8Array | Int8Array | Uint16Array | Uint32Array | Float64Array;
type ColumnName = { [K in keyof FlowTableView]: FlowTableView[K] extends TypedColumn ? K : never }[keyof FlowTableView];
type ColumnType = new (values: ArrayLike<number> | number) => TypedColumn;

/** Each typed column and its array type: what the JSON form is turned back into. */
const COLUMN_TYPES: { readonly [K in ColumnName]: ColumnType } = {
  proto: Uint8Array,
  state: Uint8Array,
  rolesFromHandshake: Uint8Array,
  clientAddr: Uint32Array,
  clientPort: Uint16Array,
  serverAddr: Uint32Array,
  serverPort: Uint16Array,
  packets: Uint32Array,
  packetsToServer: Uint32Array,
  packetsToClient: Uint32Array,
  bytesToServer: Float64Array,
  bytesToClient: Float64Array,
  start: Float64Array,
  end: Float64Array,
  firstFrame: Uint32Array,
  lastFrame: Uint32Array,
  windowScale: Int8Array,
  mss: Uint16Array,
  initialRtt: Float64Array,
  gapFlow: Uint32Array,
  gapBefore: Uint32Array,
  gapSeconds: Float64Array,
};

const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as ColumnName[];

/** Columns sized for `count` flows and `gaps` idle gaps, all zero; the caller fills them. */
export function emptyFlowTable(count: number, gaps: number, addrs: string[]): FlowTableView {
  const columns = {} as Record<ColumnName, TypedColumn>;
  for (const name of COLUMN_NAMES) {
    const perFlow = name === 'windowScale' || name === 'mss' ? 2 * count : name.startsWith('gap') ? gaps : count;
    columns[name] = new COLUMN_TYPES[name](perFlow);
  }
  return { count, addrs, ...(columns as Pick<FlowTableView, ColumnName>) };
}

export function flowTableToJson(t: FlowTableView): FlowTableJson {
  const out = { count: t.count, addrs: t.addrs } as FlowTableJson;
  for (const name of COLUMN_NAMES) (out[name] as number[]) = Array.from(t[name]);
  return out;
}

export function flowTableFromJson(j: FlowTableJson): FlowTableView {
  const out = { count: j.count, addrs: j.addrs } as FlowTableView;
  for (const name of COLUMN_NAMES) (out[name] as TypedColumn) = new COLUMN_TYPES[name](j[name]);
  return out;
}

/** The entries of flow `id` in the gap columns: [first, end). */
function gapRange(t: FlowTableView, id: number): [number, number] {
  const g = t.gapFlow;
  let lo = 0;
  let hi = g.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (g[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < g.length && g[end] === id) end++;
  return [lo, end];
}

/** Flow `id` as one object (undefined when the table has no such flow). */
export function flowSummaryAt(t: FlowTableView, id: number, badges: FindingBadge[] = []): FlowSummaryView | undefined {
  if (!Number.isInteger(id) || id < 0 || id >= t.count) return undefined;
  const [g0, g1] = gapRange(t, id);
  const idleGaps: { before: number; seconds: number }[] = [];
  for (let k = g0; k < g1; k++) idleGaps.push({ before: t.gapBefore[k], seconds: t.gapSeconds[k] });
  return {
    id,
    label: `f${id}`,
    proto: FLOW_PROTOS[t.proto[id]] ?? 'tcp',
    client: { addr: t.addrs[t.clientAddr[id]] ?? '?', port: t.clientPort[id] },
    server: { addr: t.addrs[t.serverAddr[id]] ?? '?', port: t.serverPort[id] },
    rolesFromHandshake: t.rolesFromHandshake[id] === 1,
    packets: t.packets[id],
    packetsToServer: t.packetsToServer[id],
    packetsToClient: t.packetsToClient[id],
    bytesToServer: t.bytesToServer[id],
    bytesToClient: t.bytesToClient[id],
    start: t.start[id],
    end: t.end[id],
    firstFrame: t.firstFrame[id],
    lastFrame: t.lastFrame[id],
    state: FLOW_STATES[t.state[id]] ?? 'open',
    windowScale: [t.windowScale[2 * id], t.windowScale[2 * id + 1]],
    mss: [t.mss[2 * id], t.mss[2 * id + 1]],
    initialRtt: t.initialRtt[id],
    badges,
    idleGaps,
  };
}
