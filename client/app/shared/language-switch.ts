import { ChangeDetectionStrategy, Component, LOCALE_ID, inject } from '@angular/core';
import { LANGUAGES, LANGUAGE_STORAGE_KEY } from './language';

/**
 * Lets the voter switch the portal's language. Translations are fixed when the portal starts, so a switch
 * keeps the choice and reloads the page; nothing else in the page's state is lost that the page does not
 * keep itself (the vote page resumes from what the browser stored).
 */
@Component({
  selector: 'app-language-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label class="language-switch">
      <span class="visually-hidden" i18n="@@shell.language.label">Language</span>
      <select (change)="choose($event)">
        @for (language of languages; track language.code) {
          <option [value]="language.code" [selected]="language.code === current" [attr.lang]="language.code">{{ language.name }}</option>
        }
      </select>
    </label>
  `,
})
export class LanguageSwitch {
  protected readonly languages = LANGUAGES;
  protected readonly current = inject(LOCALE_ID);

  protected choose(event: Event): void {
    const code = (event.target as HTMLSelectElement).value;
    if (code === this.current) return;
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, code);
    } catch {
      return; // Without storage the choice could not survive the reload.
    }
    location.reload();
  }
}
