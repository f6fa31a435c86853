import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { AuditResponse, PeerTally } from '@api/http';
import { describeFailure } from '../api/api-result';
import { HashText } from '../shared/hash-text';
import type { Polled } from './node-dashboard';

const VERDICTS: Record<PeerTally['verdict'], string> = {
  self: 'this node',
  agrees: 'agrees',
  behind: 'behind',
  ahead: 'ahead',
  disagrees: 'DISAGREES',
  unreachable: 'unreachable',
};

/** Every node's tally next to this node's: equal digests at equal heights mean equal counts. */
@Component({
  selector: 'app-audit-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText],
  template: `
    <section class="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Tally audit</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert">Could not refresh the audit: {{ describeFailure(f) }}</p>
      }
      @if (state().value; as audit) {
        @if (audit.disagreement) {
          <p id="audit-disagreement" class="notice error" role="alert">
            Disagreement: a node at the same height as this one reports another chain tip or another tally. Do not publish results until the
            nodes agree; check the rows marked DISAGREES.
          </p>
        } @else {
          <p id="audit-agreement" class="notice success">No disagreement: every node at this height reports the same tally.</p>
        }
      }
      <div class="table-scroll">
        <table id="audit-table">
          <caption class="visually-hidden">
            Tallies reported by each node
          </caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col" class="num">Height</th>
              <th scope="col">Tip</th>
              <th scope="col">Tally digest</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            @for (row of state().value?.tallies ?? []; track row.url) {
              <tr [attr.data-verdict]="row.verdict" [attr.data-node]="row.url">
                <td class="break">{{ row.url }}</td>
                <td class="num">{{ row.height ?? '—' }}</td>
                <td>
                  @if (row.tip; as tip) {
                    <app-hash-text [value]="tip" />
                  } @else {
                    —
                  }
                </td>
                <td>
                  @if (row.tally_digest; as digest) {
                    <app-hash-text [value]="digest" />
                  } @else {
                    —
                  }
                </td>
                <td>
                  <span
                    class="badge"
                    [class.badge--reachable]="row.verdict === 'agrees' || row.verdict === 'self'"
                    [class.badge--unreachable]="row.verdict === 'disagrees' || row.verdict === 'unreachable'"
                  >
                    {{ verdicts[row.verdict] }}
                  </span>
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="hint">{{ state().value ? 'No tallies.' : 'Loading…' }}</td>
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
  protected readonly describeFailure = describeFailure;
}
