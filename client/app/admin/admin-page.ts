import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { ElectionCreated } from '@api/http';
import { ElectionStore } from '../shared/election-store';
import { ActivationCodesPanel } from './activation-codes-panel';
import { AdminDashboard } from './admin-dashboard';
import { AdminTokenPanel } from './admin-token-panel';
import { CreateElectionForm } from './create-election-form';

/*
 * Element ids:
 * - token: admin-token, admin-token-save, admin-token-status, admin-token-forget, admin-token-outcome;
 * - setup: election-title, election-parties, election-difficulty, election-scheme, the key holders' fields
 *   (see create-election-form.html), election-roll, create-election, create-election-outcome, election-restart;
 *   then codes-warning, download-codes, dismiss-codes;
 * - election: turnout, election-phase, turnout-credentials, turnout-ballots, turnout-pending, open-election,
 *   close-election, confirm-lifecycle, cancel-lifecycle, lifecycle-outcome, publish-record, record-outcome,
 *   results-link;
 * - audit: audit-table (rows data-verdict, data-node), audit-disagreement or audit-agreement;
 * - node: status-*, mine-button, mine-outcome, pending-table, peers-table, peer-address, register-button,
 *   register-outcome, resync-button, resync-outcome.
 */

@Component({
  selector: 'app-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminTokenPanel, CreateElectionForm, ActivationCodesPanel, AdminDashboard],
  template: `
    <h1>Node admin</h1>
    <app-admin-token-panel />
    <!-- Outside the setup branch: the codes must stay on screen after the node has switched to the new election. -->
    @if (created(); as c) {
      <app-activation-codes-panel [created]="c" (dismissed)="created.set(null)" />
    }
    @if (store.awaitingSetup()) {
      <app-create-election-form (created)="onCreated($event)" />
    } @else if (store.election(); as election) {
      <app-admin-dashboard [election]="election" />
    } @else if (store.failure(); as f) {
      <p class="notice error" role="alert">
        Could not load the election: {{ f.message }}
        <button type="button" class="secondary" (click)="store.reload()" [disabled]="store.loading()">Try again</button>
      </p>
    } @else {
      <p class="hint" role="status">Loading…</p>
    }
  `,
})
export class AdminPage {
  protected readonly store = inject(ElectionStore);
  protected readonly created = signal<ElectionCreated | null>(null);

  constructor() {
    this.store.reload();
  }

  protected onCreated(created: ElectionCreated): void {
    // An open election has no codes to hand out.
    if (created.codes_csv.trim() !== '') this.created.set(created);
  }
}
