// The text shown beside an anchor line: the catalogue's note and, given a finding, the finding's
// own figures ("the server advertised a zero window for 5.88 s from frame 812: this is the check
// that made the window zero"). Used by the CLI, the webview and exports alike.
import type { FactValue, Finding } from '../diagnosis/finding';
import { stageInfo } from './catalogue';
import type { KernelAnchor } from './catalogue/types';

/** Figures a finding template may name: `{side}` `{flow}` `{duration}` `{firstFrame}` `{lastFrame}` `{frameCount}` `{fact:NAME}`. */
type Placeholders = Record<string, string | undefined>;

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}

function formatFact(value: FactValue): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    const shown = value.slice(0, 5).map(formatNumber).join(', ');
    return value.length > 5 ? `${shown}, … (${value.length})` : shown;
  }
  return value;
}

function placeholders(finding: Finding): Placeholders {
  const duration = typeof finding.facts.durationS === 'number' ? finding.facts.durationS : finding.end - finding.start;
  const values: Placeholders = {
    side: finding.side,
    flow: finding.flow,
    duration: formatNumber(duration),
    firstFrame: finding.frames.length ? String(finding.frames[0]) : undefined,
    lastFrame: finding.frames.length ? String(finding.frames[finding.frames.length - 1]) : undefined,
    frameCount: String(finding.frames.length),
  };
  for (const [key, value] of Object.entries(finding.facts)) values[`fact:${key}`] = formatFact(value);
  return values;
}

/** Fills `{name}` placeholders; undefined when the finding lacks one of them. */
export function renderTemplate(template: string, values: Placeholders, used?: Set<string>): string | undefined {
  let missing = false;
  const text = template.replace(/\{([\w:]+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) {
      missing = true;
      return '';
    }
    used?.add(key);
    return value;
  });
  return missing ? undefined : text;
}

/** One sentence stating the finding with its figures, from the stage's lead template. */
export function findingSentence(finding: Finding): string {
  const values = placeholders(finding);
  const used = new Set<string>();
  const lead =
    renderTemplate(stageInfo(finding.stage).findingLead, values, used) ??
    renderTemplate('flow {flow}: the {side}, {duration} s from frame {firstFrame}', values, used) ??
    `flow ${finding.flow}: the ${finding.side}`;
  // Figures the lead did not already state, so nothing the detector measured is lost.
  const extra = Object.entries(finding.facts)
    .filter(([key]) => key !== 'durationS' && !used.has(`fact:${key}`))
    .map(([key, value]) => `${key} ${formatFact(value)}`);
  return extra.length ? `${lead} (${extra.join('; ')})` : lead;
}

/**
 * The annotation of one anchor. Without a finding it is the catalogue's note; with one, anchors
 * that mark where the stage shows also say what the finding measured and what this line did.
 */
export function annotate(anchor: KernelAnchor, finding?: Finding): string {
  if (!finding || !anchor.onFinding) return anchor.note;
  return `${anchor.note} — ${findingSentence(finding)}: ${anchor.onFinding}.`;
}
