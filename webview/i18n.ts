// The webview's language: the page's `lang`, which the host sets from VS Code's display language
// (and `sockscope report` from the CLI's locale). Imported before any module that builds text.
import { normalizeLocale, setLocale, t } from '../src/core/i18n/index';

setLocale(normalizeLocale(document.documentElement.lang));

export { t };
