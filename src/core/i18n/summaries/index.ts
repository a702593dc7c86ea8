// A finding's one-line summary in a locale, from the facts its detector recorded.
import type { Finding } from '../../diagnosis/finding';
import { getLocale, type Locale } from '../locale';
import type { SummaryArgs, SummaryArgsOf, SummaryRenderers } from './args';
import { SUMMARIES_EN } from './en';
import { SUMMARIES_ZH_CN } from './zhCn';

export type { HandshakeRetry, Recovery, SendBufferClue, SummaryArgs, SummaryArgsOf } from './args';

const RENDERERS: Readonly<Record<Locale, SummaryRenderers>> = { en: SUMMARIES_EN, 'zh-cn': SUMMARIES_ZH_CN };

export function renderSummary(args: SummaryArgs, locale: Locale = getLocale()): string {
  const render = RENDERERS[locale][args.stage] as (a: SummaryArgsOf[typeof args.stage]) => string;
  return render(args);
}

/** The finding's summary in `locale` (the current one by default), re-rendered from its facts when it carries them. */
export function localizedSummary(f: Finding, locale: Locale = getLocale()): string {
  return f.summaryArgs ? renderSummary(f.summaryArgs, locale) : f.summary;
}
