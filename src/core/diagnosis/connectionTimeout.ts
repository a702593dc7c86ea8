// connection_timeout: the retransmissions of an outage stop and nothing follows — no RST, no FIN.
// tcp_write_timeout found the retry budget (tcp_retries2 or TCP_USER_TIMEOUT) spent and
// tcp_write_err dropped the socket silently; the application gets ETIMEDOUT.
import { absTime } from '../capture/packetTable';
import type { Finding } from './finding';
import { endpointOf, frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, round } from './makeFinding';
import { isBackoff, retransmissionRuns } from './rtoBackoff';

export function detectConnectionTimeout(tr: FlowTrace): Finding[] {
  const findings: Finding[] = [];
  const captureEnd = absTime(tr.table, tr.table.count - 1);
  for (const run of retransmissionRuns(tr)) {
    if (run.recoveredK >= 0 || run.retrans.length < 3 || !isBackoff(tr, run)) continue;
    const s = run.senderDir;
    const lastK = run.retrans[run.retrans.length - 1];
    let laterOwn = false;
    for (let k = lastK + 1; k < tr.n; k++) if (tr.dir[k] === s) laterOwn = true;
    if (laterOwn) continue;
    const lastGap = run.intervals[run.intervals.length - 1] ?? 0;
    // Had the socket still been alive, the next retransmission would have left after ~2× the last gap.
    const nextDue = tr.t[lastK] + 2 * lastGap;
    const sawPastNext = captureEnd >= nextDue;
    const who = endpointOf(tr, s);
    findings.push(
      makeFinding(tr, {
        stage: 'connection_timeout',
        side: senderSide(s),
        start: run.start,
        end: sawPastNext ? nextDue : tr.t[lastK],
        frames: [run.originalK, ...run.retrans].filter((k) => k >= 0).map((k) => frameOf(tr, k)),
        confidence: sawPastNext ? 'high' : 'medium',
        text: {
          stage: 'connection_timeout',
          who,
          retransmissions: run.retrans.length,
          spanS: tr.t[lastK] - run.start,
          after: sawPastNext ? { kind: 'captureRunsLonger', s: captureEnd - tr.t[lastK] } : { kind: 'captureEndsFirst', dueS: 2 * lastGap },
        },
        facts: {
          retransmissions: run.retrans.length,
          intervalsS: run.intervals.map((x) => round(x)),
          lastTransmissionAfterS: round(tr.t[lastK] - run.start, 3),
          abortDueAfterS: round(nextDue - run.start, 3),
          observedPastDue: sawPastNext,
        },
      }),
    );
  }
  return findings;
}
