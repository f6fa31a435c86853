import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { ElectionStore } from './shared/election-store';
import { LanguageSwitch } from './shared/language-switch';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, LanguageSwitch],
  templateUrl: './app.html',
})
export class App {
  protected readonly election = inject(ElectionStore);
  protected readonly links = [
    { path: '/vote', label: $localize`:@@shell.nav.vote:Vote` },
    { path: '/verify', label: $localize`:@@shell.nav.verify:Verify` },
    { path: '/results', label: $localize`:@@shell.nav.results:Results` },
    { path: '/explorer', label: $localize`:@@shell.nav.explorer:Explorer` },
    { path: '/admin', label: $localize`:@@shell.nav.admin:Admin` },
  ] as const;
}
