import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { type Subscription, switchMap } from 'rxjs';
import { HASH_PATTERN } from '@protocol/limits';
import { ReceiptApi } from '../api/receipt-api';
import { ElectionStore } from '../shared/election-store';
import { HashText } from '../shared/hash-text';
import { POLL_INTERVAL_MS, pollUntil } from '../shared/poll';
import { type ConfirmedReceipt, type ReceiptCheck, ReceiptChecker } from './receipt-checker';
import { type VerifyOutcome, verifyOutcome } from './verify-outcome';
import { VerifyOutcomeMessage } from './verify-outcome-message';

/*
 * Element ids: verify-no-election (a node without an election), verify-code, verify-submit, verify-outcome
 * (data-outcome: the outcome's code); once a block holds the ballot: verify-block-index, verify-block-hash,
 * verify-confirmations, verify-party (or verify-sealed), verify-nodes (a row per node asked, data-node and
 * data-agrees), verify-proof (one item per step).
 */

/** Pasted codes may be upper-case or broken into groups: keep the hex digits only. */
function normalise(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

@Component({
  selector: 'app-verify-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, VerifyOutcomeMessage, HashText],
  templateUrl: './verify-page.html',
})
export class VerifyPage {
  private readonly checker = inject(ReceiptChecker);
  private readonly receipts = inject(ReceiptApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly intervalMs = inject(POLL_INTERVAL_MS);
  protected readonly intervalSeconds = this.intervalMs / 1000;
  protected readonly store = inject(ElectionStore);
  // A tracking code is the ballot's merkle leaf: a hex SHA-256, like every hash on the chain.
  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, (c: { value: string }) => (HASH_PATTERN.test(normalise(c.value)) ? null : { format: true })]],
  });
  protected readonly checking = signal(false);
  protected readonly result = signal<ReceiptCheck | null>(null);
  protected readonly outcome = computed<VerifyOutcome | null>(() => {
    const result = this.result();
    return result ? verifyOutcome(result) : null;
  });
  protected readonly confirmed = computed(() => {
    const result = this.result();
    return result?.status === 'confirmed' ? result : null;
  });
  /** The ballot being followed until a block holds it. */
  private following: Subscription | null = null;

  constructor() {
    // The store may have been filled while the node was still in setup mode, and the election created since.
    if (this.store.awaitingSetup()) this.store.reload();
    this.destroyRef.onDestroy(() => this.stopFollowing());
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
    this.stopFollowing();
    this.checking.set(true);
    this.result.set(null);
    const code = normalise(this.form.controls.code.value);
    try {
      const result = await this.checker.check(code);
      this.result.set(result);
      if (result.status === 'pending') this.follow(code);
    } finally {
      this.checking.set(false);
    }
  }

  /**
   * Blocks come every few seconds: the page asks again by itself until a block holds the ballot, then makes
   * the full check once and stops. Until then the outcome stays as it is, so nothing is announced twice.
   */
  private follow(code: string): void {
    this.following = pollUntil(
      () => this.receipts.receipt(code),
      this.intervalMs,
      (receipt) => receipt.status !== 'pending',
    )
      .pipe(switchMap((receipt) => this.checker.evaluate(code, receipt)))
      .subscribe((result) => {
        this.following = null;
        this.result.set(result);
      });
  }

  private stopFollowing(): void {
    this.following?.unsubscribe();
    this.following = null;
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
