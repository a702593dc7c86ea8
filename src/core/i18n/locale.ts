// Which language user-facing text renders in. The core keeps one current locale (set once by the
// CLI from the environment, by the host from VS Code's display language); ids, JSON keys and stage
// names never change with it.

export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];

let current: Locale = 'en';

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  current = locale;
}

/**
 * Maps a language tag from any of our sources to a supported locale: VS Code's `zh-cn`, a BCP 47
 * `zh-Hans-CN`, a POSIX `zh_CN.UTF-8`. Simplified Chinese is every `zh` except the traditional
 * scripts and regions; everything else is English.
 */
export function normalizeLocale(tag: string | undefined): Locale {
  if (!tag) return 'en';
  const base = tag.split(/[.@]/)[0].toLowerCase().replace(/_/g, '-');
  if (base !== 'zh' && !base.startsWith('zh-')) return 'en';
  return /-(hant|tw|hk|mo)\b/.test(base) ? 'en' : 'zh-cn';
}

/** POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG; the first one set decides. */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value) return normalizeLocale(value);
  }
  return 'en';
}
