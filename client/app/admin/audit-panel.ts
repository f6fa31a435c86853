import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { AuditResponse, PeerTally } from '@api/http';
import { HashText } from '../shared/hash-text';
import { adminFailureText } from './admin-failure';
import type { Polled } from './node-dashboard';

const VERDICTS: Record<PeerTally['verdict'], () => string> = {
  self: () => $localize`:@@admin.audit.verdictSelf:this node`,
  agrees: () => $localize`:@@admin.audit.verdictAgrees:agrees`,
  behind: () => $localize`:@@admin.audit.verdictBehind:behind`,
  ahead: () => $localize`:@@admin.audit.verdictAhead:ahead`,
  disagrees: () => $localize`:@@admin.audit.verdictDisagrees:DISAGREES`,
  unreachable: () => $localize`:@@admin.audit.verdictUnreachable:unreachable`,
};

/** Every node's tally next to this node's: equal digests at equal heights mean equal counts. */
@Component({
  selector: 'app-audit-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText],
  template: `
    <section class="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading" i18n="@@admin.audit.heading">Tally audit</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert" i18n="@@admin.audit.refreshFailed">Could not refresh the audit: {{ failureText(f) }}</p>
      }
      @if (state().value; as audit) {
        @if (audit.disagreement) {
          <p id="audit-disagreement" class="notice error" role="alert" i18n="@@admin.audit.disagreement">
            Disagreement: a node at the same height as this one reports another chain tip or another tally. Do not publish results until the
            nodes agree; check the rows marked DISAGREES.
          </p>
        } @else {
          <p id="audit-agreement" class="notice success" i18n="@@admin.audit.agreement">
            No disagreement: every node at this height reports the same tally.
          </p>
        }
      }
      <div class="table-scroll" tabindex="0" role="region" aria-label="Tallies by node" i18n-aria-label="@@admin.audit.region">
        <table id="audit-table" class="cards">
          <caption class="visually-hidden" i18n="@@admin.audit.caption">
            Tallies reported by each node
          </caption>
          <thead>
            <tr>
              <th scope="col" i18n="@@admin.audit.node">Node</th>
              <th scope="col" class="num" i18n="@@admin.audit.height">Height</th>
              <th scope="col" i18n="@@admin.audit.tip">Tip</th>
              <th scope="col" i18n="@@admin.audit.digest">Tally digest</th>
              <th scope="col" i18n="@@admin.audit.verdict">Verdict</th>
            </tr>
          </thead>
          <tbody>
            @for (row of state().value?.tallies ?? []; track row.url) {
              <tr [attr.data-verdict]="row.verdict" [attr.data-node]="row.url">
                <td class="break"><span class="cell-label" i18n="@@admin.audit.node">Node</span>{{ row.url }}</td>
                <td class="num"><span class="cell-label" i18n="@@admin.audit.height">Height</span>{{ row.height ?? '—' }}</td>
                <td>
                  <span class="cell-label" i18n="@@admin.audit.tip">Tip</span>
                  @if (row.tip; as tip) {
                    <app-hash-text [value]="tip" />
                  } @else {
                    —
                  }
                </td>
                <td>
                  <span class="cell-label" i18n="@@admin.audit.digest">Tally digest</span>
                  @if (row.tally_digest; as digest) {
                    <app-hash-text [value]="digest" />
                  } @else {
                    —
                  }
                </td>
                <td>
                  <span class="cell-label" i18n="@@admin.audit.verdict">Verdict</span>
                  <span
                    class="badge"
                    [class.badge--reachable]="row.verdict === 'agrees' || row.verdict === 'self'"
                    [class.badge--unreachable]="row.verdict === 'disagrees' || row.verdict === 'unreachable'"
                  >
                    {{ verdicts[row.verdict]() }}
                  </span>
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="hint">
                  @if (state().value) {
                    <ng-container i18n="@@admin.audit.none">No tallies.</ng-container>
                  } @else {
                    <ng-container i18n="@@admin.audit.loading">Loading…</ng-container>
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
export class AuditPanel {
  readonly state = input.required<Polled<AuditResponse>>();
  protected readonly verdicts = VERDICTS;
  protected readonly failureText = adminFailureText;
}
