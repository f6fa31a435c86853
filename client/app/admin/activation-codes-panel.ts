import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import type { ElectionCreated } from '@api/http';
import { FileDownload } from '../shared/file-download';
import { plural } from '../shared/outcome';

/** The activation codes of a new election: the node hands them over once and keeps no copy. */
@Component({
  selector: 'app-activation-codes-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel" aria-labelledby="codes-heading">
      <h2 id="codes-heading">Activation codes</h2>
      <p id="codes-warning" class="notice error" role="alert">
        These {{ count() }} are shown this once: the node does not keep them. Download them now and store the file safely; anyone holding a
        voter's code can vote in that voter's place.
      </p>
      <div class="actions">
        <button id="download-codes" type="button" (click)="download()">Download activation codes</button>
        <button id="dismiss-codes" type="button" class="secondary" [disabled]="!downloaded()" (click)="dismissed.emit()">
          I have stored them
        </button>
      </div>
    </section>
  `,
})
export class ActivationCodesPanel {
  readonly created = input.required<ElectionCreated>();
  readonly dismissed = output<void>();
  private readonly files = inject(FileDownload);
  protected readonly downloaded = signal(false);

  protected readonly count = computed(() => plural(this.created().voters, 'activation code'));

  protected download(): void {
    this.files.save(new Blob([this.created().codes_csv], { type: 'text/csv' }), 'activation-codes.csv');
    this.downloaded.set(true);
  }
}
