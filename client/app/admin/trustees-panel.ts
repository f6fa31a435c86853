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
      <h2 id="trustees-heading" i18n="@@admin.trustees.heading">Trustees</h2>
      <p class="hint" i18n="@@admin.trustees.hint">
        The choices are sealed to a key no one holds alone: any {{ s.threshold }} of these {{ s.trustees.length }} trustees decrypt the
        total after the close, with proofs every node checks. Each takes part with <code>npm run trustee</code>.
      </p>
      @if (s.demo_trustees) {
        <p id="demo-trustees" class="notice info" i18n="@@admin.trustees.demo">
          Demo: this node holds every trustee's key itself and takes their part on its own, so that one browser shows the whole cycle. In a
          real election each trustee keeps their key on their own machine.
        </p>
      }
      <p id="ceremony-state">
        @switch (s.ceremony) {
          @case ('complete') {
            <ng-container i18n="@@admin.trustees.ceremonyComplete">Key ceremony complete; the election key is fixed.</ng-container>
          }
          @case ('failed') {
            <ng-container i18n="@@admin.trustees.ceremonyFailed">
              The key ceremony failed: trustees {{ s.faulty.join(', ') }} dealt bad shares. The election must be created again without them.
            </ng-container>
          }
          @default {
            <ng-container i18n="@@admin.trustees.ceremonyWaiting"
              >Key ceremony in progress: waiting for {{ s.waiting_for.join('; ') }}.</ng-container
            >
          }
        }
      </p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="Trustees" i18n-aria-label="@@admin.trustees.region">
        <table id="trustees-table" class="cards">
          <caption class="visually-hidden" i18n="@@admin.trustees.caption">
            The key ceremony and the decryption, trustee by trustee
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" i18n="@@admin.trustees.trustee">Trustee</th>
              <th scope="col" i18n="@@admin.trustees.committed">Committed</th>
              <th scope="col" i18n="@@admin.trustees.shared">Shares sent</th>
              <th scope="col" i18n="@@admin.trustees.complaints">Complaints</th>
              <th scope="col" i18n="@@admin.trustees.decrypted">Decrypted</th>
            </tr>
          </thead>
          <tbody>
            @for (t of s.trustees; track t.index) {
              <tr [attr.data-trustee]="t.index">
                <td><span class="cell-label">#</span>{{ t.index }}</td>
                <td><span class="cell-label" i18n="@@admin.trustees.trustee">Trustee</span>{{ t.name }}</td>
                <td>
                  <span class="cell-label" i18n="@@admin.trustees.committed">Committed</span
                  ><span class="cell-value">{{ yesNo(t.committed) }}</span>
                </td>
                <td>
                  <span class="cell-label" i18n="@@admin.trustees.shared">Shares sent</span
                  ><span class="cell-value">{{ yesNo(t.shared) }}</span>
                </td>
                <td>
                  <span class="cell-label" i18n="@@admin.trustees.complaints">Complaints</span>
                  <span class="cell-value">
                    @if (t.complained_about.length) {
                      <ng-container i18n="@@admin.trustees.complainedAbout">about {{ t.complained_about.join(', ') }}</ng-container>
                    } @else {
                      <ng-container i18n="@@admin.trustees.noComplaints">none</ng-container>
                    }
                  </span>
                </td>
                <td>
                  <span class="cell-label" i18n="@@admin.trustees.decrypted">Decrypted</span
                  ><span class="cell-value">{{ yesNo(t.decrypted) }}</span>
                </td>
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

  protected yesNo(value: boolean): string {
    return value ? $localize`:@@admin.trustees.yes:yes` : $localize`:@@admin.trustees.no:no`;
  }
}
