import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { toString as qrCodeSvg } from 'qrcode';

/*
 * Element ids: tracking-code, copy-tracking-code, receipt-qr, verify-link.
 */

/** The voter's receipt: the tracking code to keep, and the way to check it later from any device. */
@Component({
  selector: 'app-ballot-receipt',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="receipt">
      <p>
        Keep this tracking code, and keep it to yourself. With it you can check later, from any device, that your ballot is on the chain
        unchanged. It does not show who you are, but whoever has it can look up the ballot, and so the party it is for.
      </p>
      <p class="receipt__code">
        <code id="tracking-code" class="break">{{ trackingCode() }}</code>
      </p>
      <button id="copy-tracking-code" type="button" class="secondary" (click)="copy()">
        {{ copyState() === 'copied' ? 'Copied' : 'Copy tracking code' }}
      </button>
      <p class="hint" aria-live="polite">
        @if (copyState() === 'copied') {
          The tracking code is on your clipboard.
        } @else if (copyState() === 'failed') {
          This browser did not allow copying: select the code above and copy it by hand.
        }
      </p>
      @if (qr(); as src) {
        <figure class="receipt__qr">
          <img id="receipt-qr" [src]="src" width="180" height="180" alt="QR code of the link that checks this ballot" />
          <figcaption class="hint">Scan to check this ballot from another device.</figcaption>
        </figure>
      }
      <p>
        <a id="verify-link" [routerLink]="['/verify', trackingCode()]">Check this ballot on the chain</a>
      </p>
    </div>
  `,
})
export class BallotReceipt {
  readonly trackingCode = input.required<string>();
  private readonly document = inject(DOCUMENT);
  protected readonly copyState = signal<'idle' | 'copied' | 'failed'>('idle');
  protected readonly qr = signal<string | null>(null);
  /** Absolute, so the QR code opens the verify page of this portal from a phone. */
  protected readonly verifyUrl = computed(() => new URL(`verify/${this.trackingCode()}`, this.document.baseURI).href);

  constructor() {
    // SVG needs no canvas; a data URL keeps it an ordinary image the voter can save.
    effect(() => {
      const url = this.verifyUrl();
      qrCodeSvg(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
        (svg) => {
          if (url === this.verifyUrl()) this.qr.set(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
        },
        () => this.qr.set(null),
      );
    });
  }

  protected async copy(): Promise<void> {
    try {
      // No clipboard outside secure contexts: the catch says so.
      const clipboard = this.document.defaultView?.navigator.clipboard;
      if (!clipboard) throw new Error('no clipboard');
      await clipboard.writeText(this.trackingCode());
      this.copyState.set('copied');
    } catch {
      this.copyState.set('failed');
    }
  }
}
