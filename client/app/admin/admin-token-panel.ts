import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { AdminApi } from '../api/admin-api';
import { toResult } from '../api/api-result';
import { AdminToken } from '../api/admin-token';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { adminFailureText } from './admin-failure';
import { tokenWhereabouts } from './token-outcomes';

/** The admin token, checked with the node before it is kept for this tab. */
@Component({
  selector: 'app-admin-token-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage],
  template: `
    <section class="panel" aria-labelledby="token-heading">
      <h2 id="token-heading" i18n="@@admin.token.heading">Admin token</h2>
      @if (tokens.present()) {
        <p id="admin-token-status" class="notice success">
          <ng-container i18n="@@admin.token.entered"
            >Admin token entered: admin actions on this page use it until this tab is closed.</ng-container
          >
          <button id="admin-token-forget" type="button" class="secondary" (click)="forget()" i18n="@@admin.token.forget">Forget it</button>
        </p>
      } @else {
        <p id="admin-token-status" class="hint">
          <ng-container i18n="@@admin.token.hint">
            Reading this page needs no token; creating, opening and closing the election, mining and registering peers do.
          </ng-container>
          {{ whereabouts }}
        </p>
        <form class="form form--inline" [formGroup]="form" (ngSubmit)="save()" novalidate>
          <div class="field">
            <label for="admin-token" i18n="@@admin.token.label">Token</label>
            <input id="admin-token" type="password" formControlName="token" autocomplete="off" spellcheck="false" />
          </div>
          <button id="admin-token-save" type="submit" [disabled]="checking()" [attr.aria-busy]="checking()">
            @if (checking()) {
              <ng-container i18n="@@admin.token.checking">Checking…</ng-container>
            } @else {
              <ng-container i18n="@@admin.token.use">Use this token</ng-container>
            }
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
  protected readonly whereabouts = tokenWhereabouts();

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
          this.outcome.set({ kind: 'success', text: $localize`:@@admin.token.accepted:Token accepted by this node.` });
        } else if (result.failure.status === 401) {
          this.outcome.set({
            kind: 'error',
            text: $localize`:@@admin.token.notAccepted:This node does not accept that token. ${tokenWhereabouts()}:where:`,
          });
        } else {
          this.outcome.set({
            kind: 'error',
            text: $localize`:@@admin.token.checkFailed:The token could not be checked: ${adminFailureText(result.failure)}:reason:`,
          });
        }
      });
  }

  protected forget(): void {
    this.tokens.clear();
    this.outcome.set(null);
  }
}
