import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { PeerInfo } from '@api/http';
import { describeFailure } from '../api/api-result';
import { HashText } from '../shared/hash-text';
import { LocalTimePipe } from '../shared/local-time';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-peers-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText, LocalTimePipe],
  template: `
    <section class="panel" aria-labelledby="peers-heading">
      <h2 id="peers-heading">Peers</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert">Could not refresh peers: {{ describeFailure(f) }}</p>
      }
      <div class="table-scroll">
        <table id="peers-table">
          <caption class="visually-hidden">
            Known peer nodes
          </caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">State</th>
              <th scope="col">Last seen</th>
              <th scope="col" class="num">Failures</th>
              <th scope="col" class="num">Misbehaviour</th>
              <th scope="col">Node ID</th>
            </tr>
          </thead>
          <tbody>
            @for (peer of state().value ?? []; track peer.url) {
              <tr [attr.data-peer]="peer.url">
                <td class="nowrap">{{ peer.url }}</td>
                <td>
                  <span class="badge" [class]="'badge--' + peer.state">{{ peer.state }}</span>
                  @if (peer.ban; as ban) {
                    <p class="hint peer-ban">Until {{ ban.until | localTime }}: {{ ban.reason }}</p>
                  }
                </td>
                <td>{{ peer.last_seen | localTime }}</td>
                <td class="num">{{ peer.failures }}</td>
                <td class="num" title="points out of 100; a ban at 100, fading with time">{{ peer.score }}</td>
                <td>
                  @if (peer.node_id; as id) {
                    <app-hash-text [value]="id" />
                  } @else {
                    —
                  }
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6" class="hint">{{ state().value ? 'No peers registered yet.' : 'Loading…' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
})
export class PeersTable {
  readonly state = input.required<Polled<PeerInfo[]>>();
  protected readonly describeFailure = describeFailure;
}
