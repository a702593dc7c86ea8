// connection_timeout: the retransmissions of an outage stop and nothing follows — no RST, no FIN.
// tcp_write_timeout found the retry budget (tcp_retries2 or TCP_USER_TIMEOUT) spent and
// tcp_write_err dropped the socket silently; the application gets ETIMEDOUT.
import { absTime } from '../capture/packetTable';
import type { Finding } from './finding';
import { frameOf, senderSide, type FlowTrace } from './flowTrace';
import { makeFinding, plural, round, seconds } from './makeFinding';
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
    const who = tr.endpoint[s];
    findings.push(
      makeFinding(tr, {
        stage: 'connection_timeout',
        side: senderSide(s),
        start: run.start,
        end: sawPastNext ? nextDue : tr.t[lastK],
        frames: [run.originalK, ...run.retrans].filter((k) => k >= 0).map((k) => frameOf(tr, k)),
        confidence: sawPastNext ? 'high' : 'medium',
        summary:
          `${who} gave up after ${plural(run.retrans.length, 'unanswered retransmission')} over ` +
          `${seconds(tr.t[lastK] - run.start)}: no further segment, no RST` +
          (sawPastNext
            ? ` although the capture runs ${seconds(captureEnd - tr.t[lastK])} longer`
            : `; the capture ends before the next retransmission was due (${seconds(2 * lastGap)} later)`),
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
