import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { ElectionStore } from './shared/election-store';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './app.html',
})
export class App {
  protected readonly election = inject(ElectionStore);
  protected readonly links = [
    { path: '/vote', label: 'Vote' },
    { path: '/verify', label: 'Verify' },
    { path: '/results', label: 'Results' },
    { path: '/explorer', label: 'Explorer' },
    { path: '/admin', label: 'Admin' },
  ] as const;
}
