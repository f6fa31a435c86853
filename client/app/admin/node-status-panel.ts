import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { NodeStatus } from '@api/http';
import type { ApiFailure } from '../api/api-result';
import { HashText } from '../shared/hash-text';
import { adminFailureText } from './admin-failure';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-node-status-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText],
  template: `
    <section class="panel" aria-labelledby="status-heading">
      <h2 id="status-heading" i18n="@@admin.status.heading">Node status</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert">{{ failureText(f) }}</p>
      }
      @if (state().value; as s) {
        <dl class="stats">
          <div>
            <dt i18n="@@admin.status.height">Height</dt>
            <dd id="status-height">{{ s.height }}</dd>
          </div>
          <div>
            <dt i18n="@@admin.status.pending">Pending ballots</dt>
            <dd id="status-pending">{{ s.pending }}</dd>
          </div>
          <div>
            <dt i18n="@@admin.status.peers">Peers</dt>
            <dd id="status-peers">{{ s.peers }}</dd>
          </div>
          <div>
            <dt i18n="@@admin.status.difficulty">Difficulty</dt>
            <dd id="status-difficulty">{{ s.difficulty }}</dd>
          </div>
          <div>
            <dt i18n="@@admin.status.work">Cumulative work</dt>
            <dd id="status-work">{{ s.cumulative_work }}</dd>
          </div>
          <div>
            <dt i18n="@@admin.status.mining">Mining</dt>
            <dd id="status-mining">
              @if (s.mining) {
                <ng-container i18n="@@admin.status.miningBusy">in progress</ng-container>
              } @else {
                <ng-container i18n="@@admin.status.miningIdle">idle</ng-container>
              }
            </dd>
          </div>
        </dl>
        <dl class="details">
          <div>
            <dt i18n="@@admin.status.tip">Tip</dt>
            <dd><app-hash-text [value]="s.tip" /></dd>
          </div>
          <div>
            <dt i18n="@@admin.status.election">Election</dt>
            <dd id="status-election">{{ s.election }}</dd>
          </div>
          <div>
            <dt i18n="@@admin.status.phase">Phase</dt>
            <dd id="status-phase">
              <ng-container i18n="@@admin.status.phaseValue">{s.phase, select, draft {draft} open {open} other {closed}}</ng-container>
            </dd>
          </div>
          <div>
            <dt i18n="@@admin.status.nodeId">Node ID</dt>
            <dd><app-hash-text [value]="s.node_id" /></dd>
          </div>
          <div>
            <dt i18n="@@admin.status.publicUrl">Public URL</dt>
            <dd class="break">{{ s.public_url }}</dd>
          </div>
        </dl>
      } @else if (!state().failure) {
        <p class="hint" i18n="@@admin.status.loading">Loading status…</p>
      }
    </section>
  `,
})
export class NodeStatusPanel {
  readonly state = input.required<Polled<NodeStatus>>();

  protected failureText(failure: ApiFailure): string {
    const reason = adminFailureText(failure);
    return this.state().value
      ? $localize`:@@admin.status.refreshFailedStale:Could not refresh the status: ${reason}:reason: The figures below may be out of date.`
      : $localize`:@@admin.status.refreshFailed:Could not refresh the status: ${reason}:reason:`;
  }
}
