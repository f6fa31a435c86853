import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Outcome } from './outcome';

/**
 * The live region stays in the DOM so screen readers announce each new outcome;
 * the element carrying `elementId` only appears once there is something to say.
 */
@Component({
  selector: 'app-outcome-message',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="outcome-region" aria-live="polite">
      @if (outcome(); as o) {
        <p
          class="outcome"
          [id]="elementId()"
          [class.success]="o.kind === 'success'"
          [class.error]="o.kind === 'error'"
          [class.info]="o.kind === 'info'"
        >
          {{ o.text }}
        </p>
      }
    </div>
  `,
})
export class OutcomeMessage {
  readonly elementId = input.required<string>();
  readonly outcome = input.required<Outcome | null>();
}
