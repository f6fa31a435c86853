import { chooseLanguage } from '../../../client/app/shared/language';

describe('chooseLanguage', () => {
  it('keeps the language the voter chose on this browser over the browser’s preferences', () => {
    expect(chooseLanguage('en', ['fr-FR', 'fr'])).toBe('en');
    expect(chooseLanguage('fr', ['en-GB'])).toBe('fr');
  });

  it('takes the first preferred language the portal speaks, regional variants included', () => {
    expect(chooseLanguage(null, ['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(chooseLanguage(null, ['EN-us', 'fr'])).toBe('en');
  });

  it('falls back to English for unknown stored values and unspoken languages', () => {
    expect(chooseLanguage('klingon', ['de', 'ja'])).toBe('en');
    expect(chooseLanguage(null, [])).toBe('en');
  });
});
