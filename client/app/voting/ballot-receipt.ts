import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { toString as qrCodeSvg } from 'qrcode';
import { map } from 'rxjs';
import { toResult } from '../api/api-result';
import { NodeApi } from '../api/node-api';
import { isLoopbackUrl, verifyBase } from './verify-address';

/*
 * Element ids: tracking-code, copy-tracking-code, receipt-qr, receipt-qr-local (the QR code's address works
 * on this computer only), verify-link.
 */

/** The voter's receipt: the tracking code to keep, and the way to check it later from any device. */
@Component({
  selector: 'app-ballot-receipt',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="receipt">
      <p i18n="@@vote.receipt.keep">
        Keep this tracking code, and keep it to yourself. With it you can check later, from any device, that your ballot is on the chain
        unchanged. It does not show who you are, but whoever has it can look up the ballot, and so the party it is for.
      </p>
      <p class="receipt__code">
        <code id="tracking-code" class="break">{{ trackingCode() }}</code>
      </p>
      <button id="copy-tracking-code" type="button" class="secondary" (click)="copy()">
        @if (copyState() === 'copied') {
          <ng-container i18n="@@vote.receipt.copied">Copied</ng-container>
        } @else {
          <ng-container i18n="@@vote.receipt.copy">Copy tracking code</ng-container>
        }
      </button>
      <p class="hint" aria-live="polite">
        @if (copyState() === 'copied') {
          <ng-container i18n="@@vote.receipt.copiedHint">The tracking code is on your clipboard.</ng-container>
        } @else if (copyState() === 'failed') {
          <ng-container i18n="@@vote.receipt.copyFailed"
            >This browser did not allow copying: select the code above and copy it by hand.</ng-container
          >
        }
      </p>
      @if (qr(); as src) {
        <figure class="receipt__qr">
          <img
            id="receipt-qr"
            [src]="src"
            width="180"
            height="180"
            i18n-alt="@@vote.receipt.qrAlt"
            alt="QR code of the link that checks this ballot"
          />
          <figcaption class="hint">
            @if (localOnly()) {
              <span id="receipt-qr-local" i18n="@@vote.receipt.qrLocal"
                >This QR code opens {{ verifyUrl() }}, an address that works on this computer only: a phone that scans it will not reach
                this node. The node's operator sets PUBLIC_URL to the address other devices use. Meanwhile, keep the tracking code
                above.</span
              >
            } @else {
              <ng-container i18n="@@vote.receipt.qrCaption">Scan to check this ballot from another device.</ng-container>
            }
          </figcaption>
        </figure>
      }
      <p>
        <a id="verify-link" [routerLink]="['/verify', trackingCode()]" i18n="@@vote.receipt.verifyLink">Check this ballot on the chain</a>
      </p>
    </div>
  `,
})
export class BallotReceipt {
  readonly trackingCode = input.required<string>();
  private readonly document = inject(DOCUMENT);
  protected readonly copyState = signal<'idle' | 'copied' | 'failed'>('idle');
  protected readonly qr = signal<string | null>(null);
  /** The node's public address; null until it answers, or when it cannot say (then this page's address serves). */
  private readonly publicUrl = toSignal(
    inject(NodeApi)
      .status()
      .pipe(
        toResult(),
        map((result) => (result.ok ? result.value.public_url : null)),
      ),
    { initialValue: undefined },
  );
  /** Absolute, so the QR code opens the verify page from a phone. Undefined until the node said where it is. */
  protected readonly verifyUrl = computed(() => {
    const publicUrl = this.publicUrl();
    if (publicUrl === undefined) return undefined;
    return new URL(`verify/${this.trackingCode()}`, verifyBase(publicUrl, this.document.baseURI)).href;
  });
  protected readonly localOnly = computed(() => {
    const url = this.verifyUrl();
    return url !== undefined && isLoopbackUrl(url);
  });

  constructor() {
    // SVG needs no canvas; a data URL keeps it an ordinary image the voter can save.
    effect(() => {
      const url = this.verifyUrl();
      if (url === undefined) return;
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
