import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { ElectionStore } from './shared/election-store';

/** "Results · <election title>": the page name from the route, the election name once it has loaded. */
@Injectable({ providedIn: 'root' })
export class PortalTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly election = inject(ElectionStore);
  private readonly page = signal<string | undefined>(undefined);

  constructor() {
    super();
    effect(() => {
      const page = this.page();
      const election = this.election.title();
      this.title.setTitle(page ? `${page} · ${election}` : election);
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.page.set(this.buildTitle(snapshot));
  }
}
