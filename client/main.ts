import { registerLocaleData } from '@angular/common';
import { loadTranslations } from '@angular/localize';
import { chooseLanguage, storedLanguage } from './app/shared/language';

/*
 * $localize itself is a polyfill (angular.json). The language is chosen, and its translations loaded, before
 * any of the application's code runs: texts that components build in TypeScript are translated when their
 * modules load, so those modules are imported after.
 */
const language = chooseLanguage(storedLanguage(), navigator.languages ?? [navigator.language]);
if (language === 'fr') {
  const [{ translations }, { default: localeFr }] = await Promise.all([import('./locale/fr/index'), import('@angular/common/locales/fr')]);
  loadTranslations(translations);
  registerLocaleData(localeFr);
}
document.documentElement.lang = language;

const { startPortal } = await import('./start-portal');
startPortal(language);
