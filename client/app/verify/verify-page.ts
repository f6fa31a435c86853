import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute } from '@angular/router';
import { HASH_PATTERN } from '@protocol/limits';
import { HashText } from '../shared/hash-text';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { type ConfirmedReceipt, type ReceiptCheck, ReceiptChecker } from './receipt-checker';
import { verifyOutcome } from './verify-outcome';

/*
 * Element ids: verify-code, verify-submit, verify-outcome; once a block holds the ballot: verify-block-index,
 * verify-block-hash, verify-confirmations, verify-party (or verify-sealed), verify-nodes (a row per node asked, data-node and
 * data-agrees), verify-proof (one item per step).
 */

/** Pasted codes may be upper-case or broken into groups: keep the hex digits only. */
function normalise(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

@Component({
  selector: 'app-verify-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage, HashText],
  templateUrl: './verify-page.html',
})
export class VerifyPage {
  private readonly checker = inject(ReceiptChecker);
  // A tracking code is the ballot's merkle leaf: a hex SHA-256, like every hash on the chain.
  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, (c: { value: string }) => (HASH_PATTERN.test(normalise(c.value)) ? null : { format: true })]],
  });
  protected readonly checking = signal(false);
  protected readonly result = signal<ReceiptCheck | null>(null);
  protected readonly outcome = computed<Outcome | null>(() => {
    const result = this.result();
    return result ? verifyOutcome(result) : null;
  });
  protected readonly confirmed = computed(() => {
    const result = this.result();
    return result?.status === 'confirmed' ? result : null;
  });

  constructor() {
    // The receipt's link and QR code carry the code: /verify/<code> or /verify?code=<code>.
    const route = inject(ActivatedRoute).snapshot;
    const code = route.paramMap.get('code') ?? route.queryParamMap.get('code');
    if (code) {
      this.form.controls.code.setValue(code);
      void this.verify();
    }
  }

  protected async verify(): Promise<void> {
    if (this.checking()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.checking.set(true);
    this.result.set(null);
    try {
      this.result.set(await this.checker.check(normalise(this.form.controls.code.value)));
    } finally {
      this.checking.set(false);
    }
  }

  /** An open election's ballot names its party; a secret election's is sealed, and shows none. */
  protected partyOf(check: { receipt: ConfirmedReceipt }): string | null {
    const tx = check.receipt.transaction;
    return 'type' in tx ? null : tx.party;
  }

  protected isSealed(check: { receipt: ConfirmedReceipt }): boolean {
    const tx = check.receipt.transaction;
    return 'type' in tx && tx.type === 'sealed-ballot';
  }
}
