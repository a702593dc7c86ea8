// The core's small i18n layer: a current locale, message tables per locale and `t()`.
export { LOCALES, getLocale, localeFromEnv, normalizeLocale, setLocale, type Locale } from './locale';
export { format, messageTables, t, type MessageKey, type MessageParams } from './translate';
