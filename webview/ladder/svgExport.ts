// The ladder as a standalone SVG ("Export SVG") and, rendered from it, a PNG: the same geometry,
// labels, marks, stall bands and idle folds as the canvas, in a fixed light palette so the file
// reads the same whatever theme the editor had. Text stays text (selectable, searchable); every
// text node is escaped, since addresses and host names come from the capture.
import { DIR_TO_SERVER, type FlowSummaryView } from '../../src/protocol';
import { endpointText, formatRelTime, formatSeconds } from '../format';
import { analysisLabel, segmentLabel } from '../tcpText';
import { FOLD_HEIGHT, type LadderGeometry } from './geometry';
import type { Palette } from './palette';
import type { RowBlock } from './rowCache';
import { Mark, segmentStyle, type SegmentStyle } from './segmentStyle';
import { t } from '../i18n';

/** Arrows in one export at most: a bigger SVG is slow to open and no one reads it whole. */
export const MAX_EXPORT_ROWS = 3000;
/** Canvas sides Chromium still renders reliably. */
const MAX_CANVAS_SIDE = 32_000;

const MONO = '"DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';
const SANS = '"DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif';

/** VS Code's default light theme colours, fixed: an exported file does not follow the editor's theme. */
export const EXPORT_PALETTE: Palette = {
  background: '#ffffff',
  foreground: '#3b3b3b',
  dim: '#717171',
  lane: '#9a9a9a',
  red: '#e51400',
  orange: '#c76b00',
  yellow: '#b89500',
  green: '#388a34',
  blue: '#1a85ff',
  purple: '#652d90',
  selection: '#e4e6f1',
  highlight: '#ea5c00',
  highlightBorder: '#c76b00',
  focusBorder: '#005fb8',
  font: SANS,
  monoFont: MONO,
  highContrast: false,
};

/** A finding's stall phase as drawn on the ladder (canvas and export alike). */
export interface ExportBand {
  label: string;
  fromIndex: number;
  toIndex: number;
  selected: boolean;
  /** Low-confidence findings are drawn quietly. */
  quiet: boolean;
  /** Gutter column of the band's bar, so overlapping findings stay apart. */
  slot: number;
}

export interface SvgInput {
  flow: FlowSummaryView;
  geom: LadderGeometry;
  /** Packet indices (inclusive) to draw; more than MAX_EXPORT_ROWS are cut at the end. */
  first: number;
  last: number;
  width: number;
  lanes: [number, number];
  /** Right edges of the frame and time columns, and the analysis column's width, as on screen. */
  columns: { frameRight: number; timeRight: number; analysisWidth: number };
  row(i: number): { block: RowBlock; k: number } | undefined;
  bands: ExportBand[];
  /** Frames shaded as evidence of the selected finding. */
  highlighted: ReadonlySet<number>;
}

const HEADER = 24;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function n1(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** Width and height an SVG from `ladderSvg` declares. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : { width: 0, height: 0 };
}

export function ladderSvg(input: SvgInput): string {
  const { flow, geom, width, lanes, columns, bands, highlighted } = input;
  const p = EXPORT_PALETTE;
  const first = Math.max(0, input.first);
  const last = Math.min(input.last, first + MAX_EXPORT_ROWS - 1, flow.packets - 1);
  const [xl, xr] = lanes;
  const h = geom.rowHeight;
  const fontSize = Math.min(12, Math.max(9, Math.round(h * 0.5)));
  const showText = h >= 15;
  // A fold drawn just above the first row belongs to the gap before it: keep it.
  const top = geom.rowTop(first) - (geom.foldsUpTo(first) > geom.foldsUpTo(first - 1) ? FOLD_HEIGHT : 0);
  const bottom = geom.rowTop(last) + h;
  const height = Math.ceil(bottom - top + HEADER);
  const yOf = (contentY: number): number => contentY - top + HEADER;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(MONO)}" font-size="${fontSize}">`,
  );
  out.push(`<title>${esc(t('webview.export.title', { label: flow.label, client: endpointText(flow.client.addr, flow.client.port), server: endpointText(flow.server.addr, flow.server.port), first: first + 1, last: last + 1, total: flow.packets }))}</title>`);
  out.push(`<rect width="100%" height="100%" fill="${p.background}"/>`);
  out.push(`<g font-size="12" font-weight="600" fill="${p.foreground}" text-anchor="middle">`);
  out.push(`<text class="lane-client" x="${xl}" y="16">${esc(t('webview.lane.client', { endpoint: endpointText(flow.client.addr, flow.client.port) }))}</text>`);
  out.push(`<text class="lane-server" x="${xr}" y="16">${esc(t('webview.lane.server', { endpoint: endpointText(flow.server.addr, flow.server.port) }))}</text>`);
  out.push('</g>');
  out.push(`<line x1="0" y1="${HEADER - 0.5}" x2="${width}" y2="${HEADER - 0.5}" stroke="#e5e5e5"/>`);

  // Stall phases underneath: the selected finding's as a shaded band, others as gutter bars.
  for (const b of bands) {
    if (b.toIndex < first || b.fromIndex > last) continue;
    const y0 = yOf(geom.rowTop(Math.max(first, b.fromIndex)));
    const y1 = yOf(geom.rowTop(Math.min(last, b.toIndex)) + h);
    if (b.selected) {
      out.push(`<rect class="band" x="${xl - 30}" y="${n1(y0)}" width="${xr - xl + 60}" height="${n1(y1 - y0)}" fill="${p.blue}" fill-opacity="0.13"/>`);
      out.push(`<rect x="${xl - 30}" y="${n1(y0)}" width="3" height="${n1(y1 - y0)}" fill="${p.blue}"/>`);
    } else {
      out.push(`<rect class="band-bar" x="${xl - 30 + b.slot * 5}" y="${n1(y0)}" width="3" height="${n1(y1 - y0)}" fill="${p.blue}" fill-opacity="${b.quiet ? 0.3 : 0.65}"/>`);
    }
  }
  out.push(`<line x1="${xl + 0.5}" y1="${HEADER}" x2="${xl + 0.5}" y2="${height}" stroke="${p.lane}"/>`);
  out.push(`<line x1="${xr + 0.5}" y1="${HEADER}" x2="${xr + 0.5}" y2="${height}" stroke="${p.lane}"/>`);

  const style: SegmentStyle = { color: '', width: 1, mark: Mark.None, dashed: false };
  for (let i = first; i <= last; i++) {
    const hit = input.row(i);
    const y = yOf(geom.rowTop(i));
    if (!hit) {
      out.push(`<text x="${columns.frameRight}" y="${n1(y + h * 0.7)}" fill="${p.dim}" text-anchor="end">…</text>`);
      continue;
    }
    const c = hit.block.cols;
    const k = hit.k;
    const frame = c.frame[k];
    if (highlighted.has(frame)) {
      out.push(`<rect x="0.5" y="${n1(y + 0.5)}" width="${width - 1}" height="${h - 1}" fill="${p.highlight}" fill-opacity="0.22" stroke="${p.highlightBorder}"/>`);
    }
    if (showText) {
      out.push(`<text class="frame" x="${columns.frameRight}" y="${n1(y + h * 0.68)}" fill="${p.dim}" text-anchor="end">${frame}</text>`);
      out.push(`<text class="time" x="${columns.timeRight}" y="${n1(y + h * 0.68)}" fill="${p.dim}" text-anchor="end">${formatRelTime(c.time[k])}</text>`);
    }
    const toServer = c.dir[k] === DIR_TO_SERVER;
    const s = segmentStyle(c.flags[k], c.analysis[k], c.len[k], p, style);
    const xa = toServer ? xl : xr;
    const xb = toServer ? xr : xl;
    const y0 = y + h * 0.58;
    const y1 = y + h * 0.9;
    out.push(`<line x1="${xa}" y1="${n1(y0)}" x2="${xb}" y2="${n1(y1)}" stroke="${s.color}" stroke-width="${s.width}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    const dir = toServer ? 1 : -1;
    const head = Math.min(8, h * 0.4);
    out.push(`<polygon points="${xb},${n1(y1)} ${n1(xb - dir * head)},${n1(y1 - head * 0.45)} ${n1(xb - dir * head)},${n1(y1 + head * 0.25)}" fill="${s.color}"/>`);
    const mark = markSvg(s.mark, toServer ? xa + 7 : xa - 7, y0, Math.max(3, h * 0.18), s.color);
    if (mark) out.push(mark);
    if (!showText) continue;
    const label = segmentLabel(c.flags[k], c.seq[k], c.ack[k], c.win[k], c.len[k]);
    out.push(`<text class="segment" x="${(xl + xr) / 2}" y="${n1(y + h * 0.5)}" fill="${s.color === p.dim ? p.dim : p.foreground}" text-anchor="middle">${esc(label)}</text>`);
    if (c.analysis[k] !== 0 || c.flags[k] & 0x004) {
      const text = c.analysis[k] !== 0 ? analysisLabel(c.analysis[k]) : 'Reset';
      out.push(`<text class="analysis" x="${xr + 12}" y="${n1(y + h * 0.72)}" fill="${s.color}" font-family="${esc(SANS)}" font-weight="bold">${esc(text)}</text>`);
    }
  }

  // Idle folds: a dashed rule with break marks on the lifelines and the silence's length.
  for (const k of geom.foldsBetween(top, bottom)) {
    const fy = yOf(geom.foldTop(k));
    const mid = fy + FOLD_HEIGHT / 2;
    const label = ` ${t('webview.fold', { duration: formatSeconds(geom.foldSeconds[k]) })} `;
    const cx = (xl + xr) / 2;
    const w = label.length * fontSize * 0.6;
    out.push(`<g class="fold">`);
    out.push(`<rect x="0" y="${n1(fy)}" width="${width}" height="${FOLD_HEIGHT}" fill="${p.background}"/>`);
    out.push(`<line x1="8" y1="${n1(mid)}" x2="${width - 8}" y2="${n1(mid)}" stroke="${p.dim}" stroke-dasharray="2 3"/>`);
    for (const x of [xl, xr]) out.push(`<line x1="${x - 5}" y1="${n1(mid + 3)}" x2="${x + 5}" y2="${n1(mid - 3)}" stroke="${p.dim}"/>`);
    out.push(`<rect x="${n1(cx - w / 2)}" y="${n1(fy + 1)}" width="${n1(w)}" height="${FOLD_HEIGHT - 2}" fill="${p.background}"/>`);
    out.push(`<text x="${cx}" y="${n1(mid + fontSize * 0.35)}" fill="${p.dim}" text-anchor="middle" font-family="${esc(SANS)}">${esc(label)}</text>`);
    out.push('</g>');
  }

  // Labels of the selected phases, pinned to the top of their band (or of the picture).
  if (showText) {
    let stack = 0;
    for (const b of bands) {
      if (!b.selected || b.toIndex < first || b.fromIndex > last) continue;
      const bandTop = yOf(geom.rowTop(b.fromIndex));
      const bandBottom = yOf(geom.rowTop(Math.min(last, b.toIndex)) + h);
      const y = Math.min(Math.max(bandTop, HEADER) + stack * (fontSize + 8), bandBottom - fontSize - 6);
      const w = Math.min(Math.max(80, (xr - xl) / 2 - 60), b.label.length * fontSize * 0.7 + 12);
      out.push(`<rect x="${xl + 8.5}" y="${n1(y + 1.5)}" width="${n1(w - 1)}" height="${fontSize + 5}" fill="${p.background}" stroke="${p.blue}"/>`);
      out.push(`<text class="band-label" x="${xl + 14}" y="${n1(y + fontSize + 2)}" fill="${p.blue}" font-family="${esc(SANS)}" font-weight="bold">${esc(b.label)}</text>`);
      stack++;
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

function markSvg(mark: Mark, x: number, y: number, r: number, color: string): string {
  switch (mark) {
    case Mark.None:
      return '';
    case Mark.Cross:
      return `<path d="M${n1(x - r)} ${n1(y - r)}L${n1(x + r)} ${n1(y + r)}M${n1(x + r)} ${n1(y - r)}L${n1(x - r)} ${n1(y + r)}" stroke="${color}" stroke-width="2"/>`;
    case Mark.Dot:
      return `<circle cx="${n1(x)}" cy="${n1(y)}" r="${n1(r)}" fill="${color}"/>`;
    case Mark.Diamond:
      return `<polygon points="${n1(x)},${n1(y - r)} ${n1(x + r)},${n1(y)} ${n1(x)},${n1(y + r)} ${n1(x - r)},${n1(y)}" fill="${color}"/>`;
    case Mark.Square:
      return `<rect x="${n1(x - r * 0.8)}" y="${n1(y - r * 0.8)}" width="${n1(r * 1.6)}" height="${n1(r * 1.6)}" fill="${color}"/>`;
  }
}

/**
 * Renders an SVG from `ladderSvg` to PNG bytes in the webview (an <img> from a data: URL, which
 * the webview's CSP allows, drawn onto a canvas), at twice the size when the canvas allows it.
 */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { width, height } = svgSize(svg);
  if (!(width > 0 && height > 0)) throw new Error('the SVG has no size');
  const scale = Math.min(2, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height);
  if (scale < 0.5) throw new Error(`the picture is ${height} px tall, too tall for a PNG: export fewer frames, or SVG`);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2D context unavailable');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error(`the browser could not encode a ${canvas.width}×${canvas.height} PNG`);
  return new Uint8Array(await blob.arrayBuffer());
}

/** Base64 of bytes, in chunks (String.fromCharCode takes a bounded number of arguments). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
