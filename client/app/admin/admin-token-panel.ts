import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { AdminApi } from '../api/admin-api';
import { describeFailure, toResult } from '../api/api-result';
import { AdminToken } from '../api/admin-token';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';

/** The admin token, checked with the node before it is kept for this tab. */
@Component({
  selector: 'app-admin-token-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage],
  template: `
    <section class="panel" aria-labelledby="token-heading">
      <h2 id="token-heading">Admin token</h2>
      @if (tokens.present()) {
        <p id="admin-token-status" class="notice success">
          Admin token entered: admin actions on this page use it until this tab is closed.
          <button id="admin-token-forget" type="button" class="secondary" (click)="forget()">Forget it</button>
        </p>
      } @else {
        <p id="admin-token-status" class="hint">
          Reading this page needs no token; creating, opening and closing the election, mining and registering peers do. The token is the
          node's ADMIN_TOKEN.
        </p>
        <form class="form form--inline" [formGroup]="form" (ngSubmit)="save()" novalidate>
          <div class="field">
            <label for="admin-token">Token</label>
            <input id="admin-token" type="password" formControlName="token" autocomplete="off" spellcheck="false" />
          </div>
          <button id="admin-token-save" type="submit" [disabled]="checking()" [attr.aria-busy]="checking()">
            {{ checking() ? 'Checking…' : 'Use this token' }}
          </button>
        </form>
      }
      <app-outcome-message elementId="admin-token-outcome" [outcome]="outcome()" />
    </section>
  `,
})
export class AdminTokenPanel {
  private readonly api = inject(AdminApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly tokens = inject(AdminToken);
  protected readonly form = inject(NonNullableFormBuilder).group({ token: ['', Validators.required] });
  protected readonly checking = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);

  protected save(): void {
    const token = this.form.controls.token.value.trim();
    if (this.checking() || token === '') return;
    this.checking.set(true);
    this.outcome.set(null);
    this.api
      .check(token)
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.checking.set(false);
        if (result.ok) {
          this.tokens.set(token);
          this.form.reset();
          this.outcome.set({ kind: 'success', text: 'Token accepted by this node.' });
        } else if (result.failure.status === 401) {
          this.outcome.set({ kind: 'error', text: 'This node does not accept that token.' });
        } else {
          this.outcome.set({ kind: 'error', text: `The token could not be checked: ${describeFailure(result.failure)}` });
        }
      });
  }

  protected forget(): void {
    this.tokens.clear();
    this.outcome.set(null);
  }
}
