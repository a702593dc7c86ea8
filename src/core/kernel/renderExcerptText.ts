// Plain-text rendering of a stage's excerpts for terminals: line numbers, anchor lines marked
// with `>`, annotations beside them, `⋮` where lines are elided. Labels, stage texts and
// annotations follow the current locale; code, ids, file names and links never change.
import { t } from '../i18n/index';
import { stageInfo } from './catalogue';
import type { StageInfo } from './catalogue/types';
import type { StageExcerpts } from './stageExcerpts';

/** Code is cut at this width so annotations stay beside it on ordinary terminals. */
const CODE_WIDTH = 72;

function expandTabs(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/** What the application sees of a stage ("call → result" each), joined as the current locale joins them. */
export function applicationText(info: StageInfo): string {
  return info.application.map((a) => `${a.call} → ${a.result}`).join(t('excerpt.appSeparator'));
}

export function renderStageExcerptsText(result: StageExcerpts): string {
  const info = stageInfo(result.stage);
  const out: string[] = [];
  out.push(`${result.stage}: ${info.title}`);
  out.push(`  ${info.whatHappens}`);
  out.push(t('excerpt.onTheWire', { text: info.wireSignature }));
  out.push(t('excerpt.appSees', { text: applicationText(info) }));
  out.push(t('excerpt.knobs', { text: info.sysctls.join(t('excerpt.knobSeparator')) }));
  for (const v of info.versions) out.push(t('excerpt.kernelVersion', { versions: v.versions, note: v.note }));
  out.push(t('excerpt.source', { provider: t(`excerpt.provider.${result.provider}`) }));
  for (const notice of result.notices) out.push(t('excerpt.notice', { notice }));
  out.push('');

  for (const ex of result.excerpts) {
    const name = ex.function === ex.catalogueName ? ex.function : t('excerpt.catalogueName', { function: ex.function, name: ex.catalogueName });
    out.push(`── ${name} — ${ex.file}:${ex.startLine}-${ex.endLine} (${ex.origin})`);
    const width = String(ex.endLine).length;
    const byLine = new Map<number, string[]>();
    for (const a of ex.anchors) byLine.set(a.line, [...(byLine.get(a.line) ?? []), `[${a.id}] ${a.annotation}`]);
    let previous = 0;
    for (const { line, text } of ex.lines) {
      if (previous && line > previous + 1) out.push(`${' '.repeat(width + 2)}⋮`);
      previous = line;
      const notes = byLine.get(line);
      const code = expandTabs(text);
      const shown = code.length > CODE_WIDTH ? code.slice(0, CODE_WIDTH - 1) + '…' : code;
      const prefix = `${notes ? '>' : ' '} ${String(line).padStart(width)} │ `;
      if (!notes) {
        out.push((prefix + shown).trimEnd());
        continue;
      }
      out.push(`${prefix}${shown.padEnd(CODE_WIDTH)}  ◀ ${notes[0]}`);
      for (const more of notes.slice(1)) out.push(`${' '.repeat(prefix.length + CODE_WIDTH)}  ◀ ${more}`);
    }
    for (const m of ex.missingAnchors) out.push(t('excerpt.missingAnchor', { id: m.id, reason: m.reason }));
    out.push('');
  }
  for (const m of result.missing) {
    out.push(t('excerpt.notShown', { function: m.function, file: m.files[0], reason: m.reason }));
    out.push(`   ${m.role}`);
    for (const a of m.anchors) out.push(`   • [${a.id}] ${a.annotation}`);
    out.push('');
  }
  out.push(t('excerpt.links'));
  for (const link of result.links) out.push(t('excerpt.linkLine', { label: link.label, url: link.url }));
  return out.join('\n') + '\n';
}
