import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SealedStatus } from '@api/http';

/*
 * Element ids: trustees-heading, ceremony-state, demo-trustees, trustees-table (rows data-trustee="<index>").
 */

/** A sealed election's trustees: the key ceremony and the decryption, trustee by trustee, as this node's chain holds them. */
@Component({
  selector: 'app-trustees-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = sealed();
    <section class="panel" aria-labelledby="trustees-heading">
      <h2 id="trustees-heading">Trustees</h2>
      <p class="hint">
        The choices are sealed to a key no one holds alone: any {{ s.threshold }} of these {{ s.trustees.length }} trustees decrypt the
        total after the close, with proofs every node checks. Each takes part with <code>npm run trustee</code>.
      </p>
      @if (s.demo_trustees) {
        <p id="demo-trustees" class="notice info">
          Demo: this node holds every trustee's key itself and takes their part on its own, so that one browser shows the whole cycle. In a
          real election each trustee keeps their key on their own machine.
        </p>
      }
      <p id="ceremony-state">
        @switch (s.ceremony) {
          @case ('complete') {
            Key ceremony complete; the election key is fixed.
          }
          @case ('failed') {
            The key ceremony failed: trustees {{ s.faulty.join(', ') }} dealt bad shares. The election must be created again without them.
          }
          @default {
            Key ceremony in progress: waiting for {{ s.waiting_for.join('; ') }}.
          }
        }
      </p>
      <div class="table-scroll">
        <table id="trustees-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Trustee</th>
              <th scope="col">Committed</th>
              <th scope="col">Shares sent</th>
              <th scope="col">Complaints</th>
              <th scope="col">Decrypted</th>
            </tr>
          </thead>
          <tbody>
            @for (t of s.trustees; track t.index) {
              <tr [attr.data-trustee]="t.index">
                <td>{{ t.index }}</td>
                <td>{{ t.name }}</td>
                <td>{{ t.committed ? 'yes' : 'no' }}</td>
                <td>{{ t.shared ? 'yes' : 'no' }}</td>
                <td>{{ t.complained_about.length ? 'about ' + t.complained_about.join(', ') : 'none' }}</td>
                <td>{{ t.decrypted ? 'yes' : 'no' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
})
export class TrusteesPanel {
  readonly sealed = input.required<SealedStatus>();
}
