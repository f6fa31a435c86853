import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { ElectionCreated } from '@api/http';
import { AdminApi } from '../api/admin-api';
import { AdminToken } from '../api/admin-token';
import { toResult } from '../api/api-result';
import { ElectionStore } from '../shared/election-store';
import { ActivationCodesPanel } from './activation-codes-panel';
import { AdminDashboard } from './admin-dashboard';
import { adminFailureText } from './admin-failure';
import { AdminTokenPanel } from './admin-token-panel';
import { CreateElectionForm } from './create-election-form';

/*
 * Element ids:
 * - token: admin-token, admin-token-save, admin-token-status, admin-token-forget, admin-token-outcome;
 * - setup: no-election, election-title, election-parties, election-difficulty, election-scheme, the key holders'
 *   fields (see create-election-form.html), election-roll, create-election, create-election-outcome, election-restart;
 *   then codes-warning, codes-kept, download-codes, dismiss-codes, codes-outcome;
 * - election: see lifecycle-panel.ts; trustees: see trustees-panel.ts;
 * - audit: audit-table (rows data-verdict, data-node), audit-disagreement or audit-agreement;
 * - node: status-*, mine-button, mine-outcome, pending-table, peers-table, peer-address, register-button,
 *   register-outcome, resync-button, resync-outcome.
 */

/** The activation codes on screen: just created, or kept by the node since (offered again after a reload). */
interface ShownCodes {
  created: ElectionCreated;
  kept: boolean;
}

@Component({
  selector: 'app-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminTokenPanel, CreateElectionForm, ActivationCodesPanel, AdminDashboard],
  template: `
    <h1 i18n="@@admin.page.heading">Node admin</h1>
    @if (store.awaitingSetup()) {
      <p id="no-election" class="notice info" i18n="@@admin.page.noElection">
        No election exists on this node yet. Enter the admin token, then create the election with the form below.
      </p>
    }
    <app-admin-token-panel />
    <!-- Outside the setup branch: the codes must stay on screen after the node has switched to the new election. -->
    @if (codes(); as c) {
      <app-activation-codes-panel [created]="c.created" [kept]="c.kept" (dismissed)="codes.set(null)" />
    }
    @if (store.awaitingSetup()) {
      <app-create-election-form (created)="onCreated($event)" />
    } @else if (store.election(); as election) {
      <app-admin-dashboard [election]="election" />
    } @else if (store.failure(); as f) {
      <p class="notice error" role="alert">
        <ng-container i18n="@@admin.page.loadFailed">Could not load the election: {{ failureText(f) }}</ng-container>
        <button type="button" class="secondary" (click)="store.reload()" [disabled]="store.loading()" i18n="@@admin.page.retry">
          Try again
        </button>
      </p>
    } @else {
      <p class="hint" role="status" i18n="@@admin.page.loading">Loading…</p>
    }
  `,
})
export class AdminPage {
  protected readonly store = inject(ElectionStore);
  private readonly api = inject(AdminApi);
  private readonly tokens = inject(AdminToken);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly codes = signal<ShownCodes | null>(null);
  protected readonly failureText = adminFailureText;
  /** Elections whose kept codes were asked for (or just handed over), so each is asked once per page. */
  private readonly asked = new Set<string>();

  constructor() {
    this.store.reload();
    // A reload (or a new tab) must not lose codes the node still keeps: ask for them once the token is known.
    effect(() => {
      const election = this.store.election();
      if (!election || !election.is_authority || election.scheme !== 'secret' || !this.tokens.present()) return;
      untracked(() => this.askForKeptCodes(election.election_id));
    });
  }

  protected onCreated(created: ElectionCreated): void {
    this.asked.add(created.election_id);
    // An open election has no codes to hand out.
    if (created.codes_csv.trim() !== '') this.codes.set({ created, kept: false });
  }

  private askForKeptCodes(electionId: string): void {
    if (this.asked.has(electionId) || this.codes() !== null) return;
    this.asked.add(electionId);
    this.api
      .pendingCodes()
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        if (result.ok) {
          const kept = result.value;
          if (kept && kept.election_id === electionId && this.codes() === null) this.codes.set({ created: kept, kept: true });
        } else {
          // Not an answer (the node unreachable, the token refused): ask again with the next news of the election.
          this.asked.delete(electionId);
        }
      });
  }
}
