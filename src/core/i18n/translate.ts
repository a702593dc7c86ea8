// `t(key, params)`: a message of the current locale with `{name}` placeholders filled in.
// English is the source table; every other locale must have every key (a test checks it), so a
// missing translation is a build-time error, not a runtime fallback.
import { getLocale, type Locale } from './locale';
import { EN, type MessageKey } from './messages/en';
import { ZH_CN } from './messages/zhCn';

export type { MessageKey } from './messages/en';
export type MessageParams = Readonly<Record<string, string | number>>;

const TABLES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en: EN, 'zh-cn': ZH_CN };

/** Fills `{name}` placeholders; a placeholder without a value stays visible rather than vanishing. */
export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function t(key: MessageKey, params?: MessageParams, locale: Locale = getLocale()): string {
  return format(TABLES[locale][key], params);
}

/** Every message table, for tests and tools that check completeness. */
export function messageTables(): Readonly<Record<Locale, Readonly<Record<string, string>>>> {
  return TABLES;
}
