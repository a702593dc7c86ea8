// Applying a locale's overlay to an English catalogue entry, shared by the stage texts and the
// kernel function texts: the overlay is looked up by the entry's id, applied once per locale and
// id, and remembered.
import type { VersionNote } from '../kernel/catalogue/types';
import type { Locale } from './locale';

export class LocaleOverlays<Entry, Overlay> {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly overlays: Readonly<Partial<Record<Locale, Readonly<Record<string, Overlay>>>>>,
    private readonly apply: (entry: Entry, overlay: Overlay) => Entry,
  ) {}

  /** `entry` (whose id is `id`) in `locale`; returned as is when the locale has no overlay for it. */
  localize(entry: Entry, id: string, locale: Locale): Entry {
    const overlay = this.overlays[locale]?.[id];
    if (!overlay) return entry;
    const key = `${locale}\u0000${id}`;
    let localized = this.cache.get(key);
    if (!localized) {
      localized = this.apply(entry, overlay);
      this.cache.set(key, localized);
    }
    return localized;
  }
}

/** The version notes with their text replaced, by position, by `notes`; the version ranges stay. */
export function localizedVersionNotes(versions: readonly VersionNote[], notes: readonly string[]): VersionNote[] {
  return versions.map((v, i) => (notes[i] === undefined ? v : { ...v, note: notes[i] }));
}
