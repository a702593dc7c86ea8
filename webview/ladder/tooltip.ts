// Every decoded field of the packet under the mouse, as a small definition list.
import { DIR_TO_SERVER, OPT_BITS, type FlowSummaryView, type RowColumns } from '../../src/protocol';
import { clear, el } from '../dom';
import { endpointText, formatSeconds } from '../format';
import { analysisNames, flagNames } from '../tcpText';
import { t } from '../i18n';

export function renderTooltip(root: HTMLElement, flow: FlowSummaryView, c: RowColumns, k: number): void {
  clear(root);
  const rows: [string, string][] = [];
  const toServer = c.dir[k] === DIR_TO_SERVER;
  const from = toServer ? flow.client : flow.server;
  const to = toServer ? flow.server : flow.client;
  rows.push([t('webview.tip.frame'), String(c.frame[k])]);
  rows.push([t('webview.tip.time'), `${c.time[k].toFixed(6)} s`]);
  rows.push([t('webview.tip.from'), t(toServer ? 'webview.lane.client' : 'webview.lane.server', { endpoint: endpointText(from.addr, from.port) })]);
  rows.push([t('webview.tip.to'), endpointText(to.addr, to.port)]);
  if (flow.proto === 'tcp') {
    rows.push([t('webview.tip.flags'), `${flagNames(c.flags[k])} (0x${c.flags[k].toString(16).padStart(4, '0')})`]);
    const len = c.len[k];
    rows.push([t('webview.tip.seq'), len > 0 ? t('webview.tip.seqNext', { seq: c.seq[k], next: c.seq[k] + len }) : String(c.seq[k])]);
    if (c.flags[k] & 0x010) rows.push([t('webview.tip.ack'), String(c.ack[k])]);
    rows.push([t('webview.tip.length'), String(len)]);
    const scale = flow.windowScale[toServer ? 0 : 1];
    const scaleText = scale >= 0 ? t('webview.tip.scale', { factor: 1 << scale }) : t(scale === -2 ? 'webview.tip.noScaling' : 'webview.tip.scaleUnknown');
    rows.push([t('webview.tip.window'), t('webview.tip.windowValue', { bytes: c.win[k], field: c.winRaw[k], scale: scaleText })]);
  } else {
    rows.push([t('webview.tip.length'), String(c.len[k])]);
  }
  rows.push([t('webview.tip.wire'), t('webview.tip.bytes', { count: c.wireLen[k] })]);
  const names = analysisNames(c.analysis[k]);
  if (names.length) rows.push([t('webview.tip.analysis'), names.join(', ')]);
  if (c.dupAckNum[k] > 0) rows.push([t('webview.tip.dupAck'), `#${c.dupAckNum[k]}`]);
  if (c.rtoFrame[k] > 0) rows.push([t('webview.tip.original'), c.rto[k] >= 0 ? t('webview.tip.originalEarlier', { frame: c.rtoFrame[k], duration: formatSeconds(c.rto[k]) }) : t('webview.tip.originalFrame', { frame: c.rtoFrame[k] })]);
  if (c.ackRtt[k] >= 0) rows.push([t('webview.tip.ackRtt'), formatSeconds(c.ackRtt[k])]);
  if (c.bytesInFlight[k] > 0) rows.push([t('webview.tip.inFlight'), String(c.bytesInFlight[k])]);
  const opts = c.opts[k];
  const optText: string[] = [];
  if (opts & OPT_BITS.mss) optText.push(`MSS ${c.mss[k]}`);
  if (opts & OPT_BITS.windowScale && c.wscale[k] >= 0) optText.push(`WS ${c.wscale[k]}`);
  if (opts & OPT_BITS.sackPermitted) optText.push(t('webview.tip.sackPermitted'));
  if (opts & OPT_BITS.timestamps) optText.push(`TS val ${c.tsval[k]} ecr ${c.tsecr[k]}`);
  if (opts & OPT_BITS.fastOpen) optText.push('Fast Open');
  if (opts & OPT_BITS.mptcp) optText.push('MPTCP');
  if (optText.length) rows.push([t('webview.tip.options'), optText.join(', ')]);
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
