/**
 * The portal's languages. The portal's own texts are translated; the election's texts (title, parties) stay
 * as the official wrote them. The choice is made once, before the application starts, because Angular's
 * runtime translations are loaded before any component is created.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

/** Where the voter's own choice is kept (not a secret: it is the same for every voter of the browser). */
export const LANGUAGE_STORAGE_KEY = 'ballotchain.language';

const isLanguage = (code: string): code is LanguageCode => LANGUAGES.some((language) => language.code === code);

/**
 * The language to show: the one the voter chose on this browser, else the first of the browser's preferred
 * languages the portal speaks (`fr-CA` counts as `fr`), else English.
 */
export function chooseLanguage(stored: string | null, preferred: readonly string[]): LanguageCode {
  if (stored && isLanguage(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** The stored choice, or null where storage is unavailable (a locked-down browser still gets a language). */
export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}
