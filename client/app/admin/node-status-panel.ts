import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { NodeStatus } from '@api/http';
import { type ApiFailure, describeFailure } from '../api/api-result';
import { HashText } from '../shared/hash-text';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-node-status-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText],
  template: `
    <section class="panel" aria-labelledby="status-heading">
      <h2 id="status-heading">Node status</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert">{{ failureText(f) }}</p>
      }
      @if (state().value; as s) {
        <dl class="stats">
          <div>
            <dt>Height</dt>
            <dd id="status-height">{{ s.height }}</dd>
          </div>
          <div>
            <dt>Pending ballots</dt>
            <dd id="status-pending">{{ s.pending }}</dd>
          </div>
          <div>
            <dt>Peers</dt>
            <dd id="status-peers">{{ s.peers }}</dd>
          </div>
          <div>
            <dt>Difficulty</dt>
            <dd id="status-difficulty">{{ s.difficulty }}</dd>
          </div>
          <div>
            <dt>Cumulative work</dt>
            <dd id="status-work">{{ s.cumulative_work }}</dd>
          </div>
          <div>
            <dt>Mining</dt>
            <dd id="status-mining">{{ s.mining ? 'in progress' : 'idle' }}</dd>
          </div>
        </dl>
        <dl class="details">
          <div>
            <dt>Tip</dt>
            <dd><app-hash-text [value]="s.tip" /></dd>
          </div>
          <div>
            <dt>Election</dt>
            <dd id="status-election">{{ s.election }}</dd>
          </div>
          <div>
            <dt>Phase</dt>
            <dd id="status-phase">{{ s.phase }}</dd>
          </div>
          <div>
            <dt>Node ID</dt>
            <dd><app-hash-text [value]="s.node_id" /></dd>
          </div>
          <div>
            <dt>Public URL</dt>
            <dd class="break">{{ s.public_url }}</dd>
          </div>
        </dl>
      } @else if (!state().failure) {
        <p class="hint">Loading status…</p>
      }
    </section>
  `,
})
export class NodeStatusPanel {
  readonly state = input.required<Polled<NodeStatus>>();

  protected failureText(failure: ApiFailure): string {
    const stale = this.state().value ? ' The figures below may be out of date.' : '';
    return `Could not refresh the status: ${describeFailure(failure)}${stale}`;
  }
}
