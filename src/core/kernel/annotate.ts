// The text shown beside an anchor line: the catalogue's note and, given a finding, the finding's
// own figures ("the server advertised a zero window for 5.88 s from frame 812: this is the check
// that made the window zero"). Used by the CLI, the webview and exports alike. The anchor's own
// texts come from the catalogue already in the current locale (kernelFunction, stageFunctions);
// the finding's sentence is put together here in that locale too.
import type { FactValue, Finding, Side } from '../diagnosis/finding';
import { getLocale, type Locale } from '../i18n/locale';
import { stageInfo } from './catalogue';
import type { KernelAnchor } from './catalogue/types';

/** The words and punctuation that join a finding's figures to an anchor's note, per locale. */
interface SentenceWords {
  side: Readonly<Record<Side, string>>;
  yes: string;
  no: string;
  /** Used when the stage's lead names a figure the finding lacks. */
  fallbackLead: string;
  bareLead: (flow: string, side: string) => string;
  withExtras: (lead: string, extras: readonly string[]) => string;
  annotation: (note: string, sentence: string, clause: string) => string;
}

const WORDS: Readonly<Record<Locale, SentenceWords>> = {
  en: {
    side: { client: 'client', server: 'server' },
    yes: 'yes',
    no: 'no',
    fallbackLead: 'flow {flow}: the {side}, {duration} s from frame {firstFrame}',
    bareLead: (flow, side) => `flow ${flow}: the ${side}`,
    withExtras: (lead, extras) => `${lead} (${extras.join('; ')})`,
    annotation: (note, sentence, clause) => `${note} — ${sentence}: ${clause}.`,
  },
  'zh-cn': {
    side: { client: '客户端', server: '服务端' },
    yes: '是',
    no: '否',
    fallbackLead: '流 {flow}：{side}，从第 {firstFrame} 帧起 {duration} s',
    bareLead: (flow, side) => `流 ${flow}：${side}`,
    withExtras: (lead, extras) => `${lead}（${extras.join('；')}）`,
    annotation: (note, sentence, clause) => `${note}——${sentence}：${clause}。`,
  },
};

/** Figures a finding template may name: `{side}` `{flow}` `{duration}` `{firstFrame}` `{lastFrame}` `{frameCount}` `{fact:NAME}`. */
type Placeholders = Record<string, string | undefined>;

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}

function formatFact(value: FactValue, words: SentenceWords): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 5).map(formatNumber).join(', ');
    return value.length > 5 ? `${shown}, … (${value.length})` : shown;
  }
  return value;
}

function placeholders(finding: Finding, words: SentenceWords): Placeholders {
  const duration = typeof finding.facts.durationS === 'number' ? finding.facts.durationS : finding.end - finding.start;
  const values: Placeholders = {
    side: words.side[finding.side] ?? finding.side,
    flow: finding.flow,
    duration: formatNumber(duration),
    firstFrame: finding.frames.length ? String(finding.frames[0]) : undefined,
    lastFrame: finding.frames.length ? String(finding.frames[finding.frames.length - 1]) : undefined,
    frameCount: String(finding.frames.length),
  };
  for (const [key, value] of Object.entries(finding.facts)) values[`fact:${key}`] = formatFact(value, words);
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

/** One sentence stating the finding with its figures, from the stage's lead template, in the current locale. */
export function findingSentence(finding: Finding): string {
  const words = WORDS[getLocale()];
  const values = placeholders(finding, words);
  const used = new Set<string>();
  const lead =
    renderTemplate(stageInfo(finding.stage).findingLead, values, used) ??
    renderTemplate(words.fallbackLead, values, used) ??
    words.bareLead(finding.flow, values.side ?? finding.side);
  // Figures the lead did not already state, so nothing the detector measured is lost. Fact names
  // are ids (as in the JSON output) and stay as they are in every locale.
  const extra = Object.entries(finding.facts)
    .filter(([key]) => key !== 'durationS' && !used.has(`fact:${key}`))
    .map(([key, value]) => `${key} ${formatFact(value, words)}`);
  return extra.length ? words.withExtras(lead, extra) : lead;
}

/**
 * The annotation of one anchor. Without a finding it is the catalogue's note; with one, anchors
 * that mark where the stage shows also say what the finding measured and what this line did.
 * Pass anchors from `kernelFunction` / `stageFunctions`, whose notes follow the current locale.
 */
export function annotate(anchor: KernelAnchor, finding?: Finding): string {
  if (!finding || !anchor.onFinding) return anchor.note;
  return WORDS[getLocale()].annotation(anchor.note, findingSentence(finding), anchor.onFinding);
}
