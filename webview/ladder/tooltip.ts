// Every decoded field of the packet under the mouse, as a small definition list.
import { DIR_TO_SERVER, OPT_BITS, type FlowSummaryView, type RowColumns } from '../../src/protocol';
import { clear, el } from '../dom';
import { endpointText, formatSeconds } from '../format';
import { analysisNames, flagNames } from '../tcpText';

export function renderTooltip(root: HTMLElement, flow: FlowSummaryView, c: RowColumns, k: number): void {
  clear(root);
  const rows: [string, string][] = [];
  const toServer = c.dir[k] === DIR_TO_SERVER;
  const from = toServer ? flow.client : flow.server;
  const to = toServer ? flow.server : flow.client;
  rows.push(['Frame', String(c.frame[k])]);
  rows.push(['Time', `${c.time[k].toFixed(6)} s`]);
  rows.push(['From', `${toServer ? 'client' : 'server'} ${endpointText(from.addr, from.port)}`]);
  rows.push(['To', endpointText(to.addr, to.port)]);
  if (flow.proto === 'tcp') {
    rows.push(['Flags', `${flagNames(c.flags[k])} (0x${c.flags[k].toString(16).padStart(4, '0')})`]);
    const len = c.len[k];
    rows.push(['Seq', len > 0 ? `${c.seq[k]} (next ${c.seq[k] + len})` : String(c.seq[k])]);
    if (c.flags[k] & 0x010) rows.push(['Ack', String(c.ack[k])]);
    rows.push(['Length', String(len)]);
    const scale = flow.windowScale[toServer ? 0 : 1];
    const scaleText = scale >= 0 ? `scale ×${1 << scale}` : scale === -2 ? 'no scaling' : 'scale unknown';
    rows.push(['Window', `${c.win[k]} bytes (field ${c.winRaw[k]}, ${scaleText})`]);
  } else {
    rows.push(['Length', String(c.len[k])]);
  }
  rows.push(['On the wire', `${c.wireLen[k]} bytes`]);
  const names = analysisNames(c.analysis[k]);
  if (names.length) rows.push(['Analysis', names.join(', ')]);
  if (c.dupAckNum[k] > 0) rows.push(['Duplicate ACK', `#${c.dupAckNum[k]}`]);
  if (c.rtoFrame[k] > 0) rows.push(['Original', `frame ${c.rtoFrame[k]}${c.rto[k] >= 0 ? `, ${formatSeconds(c.rto[k])} earlier` : ''}`]);
  if (c.ackRtt[k] >= 0) rows.push(['ACK RTT', formatSeconds(c.ackRtt[k])]);
  if (c.bytesInFlight[k] > 0) rows.push(['Bytes in flight', String(c.bytesInFlight[k])]);
  const opts = c.opts[k];
  const optText: string[] = [];
  if (opts & OPT_BITS.mss) optText.push(`MSS ${c.mss[k]}`);
  if (opts & OPT_BITS.windowScale && c.wscale[k] >= 0) optText.push(`WS ${c.wscale[k]}`);
  if (opts & OPT_BITS.sackPermitted) optText.push('SACK permitted');
  if (opts & OPT_BITS.timestamps) optText.push(`TS val ${c.tsval[k]} ecr ${c.tsecr[k]}`);
  if (opts & OPT_BITS.fastOpen) optText.push('Fast Open');
  if (opts & OPT_BITS.mptcp) optText.push('MPTCP');
  if (optText.length) rows.push(['Options', optText.join(', ')]);
  const sackPos = c.sackAt.indexOf(k);
  if (sackPos >= 0) {
    const e = c.sackEdges[sackPos];
    const blocks: string[] = [];
    for (let j = 0; j + 1 < e.length; j += 2) blocks.push(`${e[j]}–${e[j + 1]}`);
    rows.push(['SACK', blocks.join(' ')]);
  }
  const dl = el('dl');
  for (const [term, value] of rows) {
    dl.appendChild(el('dt', { text: term }));
    dl.appendChild(el('dd', { text: value }));
  }
  root.appendChild(dl);
}
