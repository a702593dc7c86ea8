// The visible part of the ladder as a standalone SVG (for "Export SVG"). Same geometry and
// colours as the canvas; every text node is escaped.
import { DIR_TO_SERVER, type FlowSummaryView } from '../../src/protocol';
import { endpointText, formatRelTime } from '../format';
import { analysisLabel, segmentLabel } from '../tcpText';
import type { LadderGeometry } from './geometry';
import type { Palette } from './palette';
import type { RowBlock } from './rowCache';
import { Mark, segmentStyle, type SegmentStyle } from './segmentStyle';

export interface SvgInput {
  flow: FlowSummaryView;
  geom: LadderGeometry;
  first: number;
  last: number;
  width: number;
  lanes: [number, number];
  row(i: number): { block: RowBlock; k: number } | undefined;
  palette: Palette;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function ladderSvg(input: SvgInput): string {
  const { flow, geom, first, last, width, lanes, palette: p } = input;
  const [xl, xr] = lanes;
  const h = geom.rowHeight;
  const header = 28;
  const top = geom.rowTop(first);
  const height = geom.rowTop(last) + h - top + header;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`,
  );
  out.push(`<rect width="100%" height="100%" fill="${esc(p.background)}"/>`);
  out.push(`<text x="${xl}" y="18" fill="${esc(p.foreground)}" text-anchor="middle">${esc(endpointText(flow.client.addr, flow.client.port))}</text>`);
  out.push(`<text x="${xr}" y="18" fill="${esc(p.foreground)}" text-anchor="middle">${esc(endpointText(flow.server.addr, flow.server.port))}</text>`);
  out.push(`<line x1="${xl}" y1="${header}" x2="${xl}" y2="${height}" stroke="${esc(p.lane)}"/>`);
  out.push(`<line x1="${xr}" y1="${header}" x2="${xr}" y2="${height}" stroke="${esc(p.lane)}"/>`);
  const style: SegmentStyle = { color: '', width: 1, mark: Mark.None, dashed: false };
  for (let i = first; i <= last; i++) {
    const hit = input.row(i);
    if (!hit) continue;
    const c = hit.block.cols;
    const k = hit.k;
    const y = geom.rowTop(i) - top + header;
    const toServer = c.dir[k] === DIR_TO_SERVER;
    const s = segmentStyle(c.flags[k], c.analysis[k], c.len[k], p, style);
    const xa = toServer ? xl : xr;
    const xb = toServer ? xr : xl;
    const len = c.len[k];
    const label = segmentLabel(c.flags[k], c.seq[k], c.ack[k], c.win[k], len);
    out.push(`<text x="8" y="${(y + h * 0.68).toFixed(1)}" fill="${esc(p.dim)}">${c.frame[k]} ${formatRelTime(c.time[k])}</text>`);
    out.push(
      `<line x1="${xa}" y1="${(y + h * 0.58).toFixed(1)}" x2="${xb}" y2="${(y + h * 0.9).toFixed(1)}" stroke="${esc(s.color)}" stroke-width="${s.width}"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    out.push(`<text x="${(xl + xr) / 2}" y="${(y + h * 0.5).toFixed(1)}" fill="${esc(p.foreground)}" text-anchor="middle">${esc(label)}</text>`);
    if (c.analysis[k] !== 0)
      out.push(`<text x="${xr + 12}" y="${(y + h * 0.72).toFixed(1)}" fill="${esc(s.color)}">${esc(analysisLabel(c.analysis[k]))}</text>`);
  }
  out.push('</svg>');
  return out.join('\n');
}
