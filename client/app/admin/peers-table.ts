import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { PeerInfo } from '@api/http';
import { HashText } from '../shared/hash-text';
import { LocalTimePipe } from '../shared/local-time';
import { adminFailureText } from './admin-failure';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-peers-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText, LocalTimePipe],
  template: `
    <section class="panel" aria-labelledby="peers-heading">
      <h2 id="peers-heading" i18n="@@admin.peers.heading">Peers</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert" i18n="@@admin.peers.refreshFailed">Could not refresh peers: {{ failureText(f) }}</p>
      }
      <div class="table-scroll" tabindex="0" role="region" aria-label="Peers" i18n-aria-label="@@admin.peers.region">
        <table id="peers-table" class="cards">
          <caption class="visually-hidden" i18n="@@admin.peers.caption">
            Known peer nodes
          </caption>
          <thead>
            <tr>
              <th scope="col" i18n="@@admin.peers.address">Address</th>
              <th scope="col" i18n="@@admin.peers.state">State</th>
              <th scope="col" i18n="@@admin.peers.lastSeen">Last seen</th>
              <th scope="col" class="num" i18n="@@admin.peers.failures">Failures</th>
              <th scope="col" class="num" i18n="@@admin.peers.score">Misbehaviour</th>
              <th scope="col" i18n="@@admin.peers.nodeId">Node ID</th>
            </tr>
          </thead>
          <tbody>
            @for (peer of state().value ?? []; track peer.url) {
              <tr [attr.data-peer]="peer.url">
                <td class="nowrap"><span class="cell-label" i18n="@@admin.peers.address">Address</span>{{ peer.url }}</td>
                <td>
                  <span class="cell-label" i18n="@@admin.peers.state">State</span>
                  <span class="badge" [class]="'badge--' + peer.state" i18n="@@admin.peers.stateValue">{peer.state, select,
                    reachable {reachable}
                    unreachable {unreachable}
                    banned {banned}
                    other {unknown}
                  }</span>
                  @if (peer.ban; as ban) {
                    <p class="hint peer-ban" i18n="@@admin.peers.ban">Until {{ ban.until | localTime }}: {{ ban.reason }}</p>
                  }
                </td>
                <td><span class="cell-label" i18n="@@admin.peers.lastSeen">Last seen</span>{{ peer.last_seen | localTime }}</td>
                <td class="num"><span class="cell-label" i18n="@@admin.peers.failures">Failures</span>{{ peer.failures }}</td>
                <td class="num" title="points out of 100; a ban at 100, fading with time" i18n-title="@@admin.peers.scoreTitle">
                  <span class="cell-label" i18n="@@admin.peers.score">Misbehaviour</span>{{ peer.score }}
                </td>
                <td>
                  <span class="cell-label" i18n="@@admin.peers.nodeId">Node ID</span>
                  @if (peer.node_id; as id) {
                    <app-hash-text [value]="id" />
                  } @else {
                    —
                  }
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6" class="hint">
                  @if (state().value) {
                    <ng-container i18n="@@admin.peers.none">No peers registered yet.</ng-container>
                  } @else {
                    <ng-container i18n="@@admin.peers.loading">Loading…</ng-container>
                  }
                </td>
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
  protected readonly failureText = adminFailureText;
}
