import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { AdminToken } from '../api/admin-token';
import { toResult } from '../api/api-result';
import { NodeApi } from '../api/node-api';
import { OutcomeMessage } from '../shared/outcome-message';
import { actionOutcome } from './action-outcome';
import { registerOutcome } from './admin-outcomes';
import { tokenRequired } from './token-outcomes';

/** The node checks the address properly; this only catches typos such as a missing scheme. */
const NODE_ADDRESS_PATTERN = /^https?:\/\/[^\s/?#]+(\/\S*)?$/;

@Component({
  selector: 'app-register-peer-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage],
  template: `
    <section class="panel" aria-labelledby="register-heading">
      <h2 id="register-heading" i18n="@@admin.register.heading">Register with a peer</h2>
      <form class="form form--inline" [formGroup]="form" (ngSubmit)="register()" novalidate>
        @let address = form.controls.address;
        <div class="field">
          <label for="peer-address" i18n="@@admin.register.address">Node address</label>
          <input
            id="peer-address"
            type="url"
            inputmode="url"
            formControlName="address"
            placeholder="http://localhost:8001"
            autocomplete="off"
            autocapitalize="none"
            spellcheck="false"
            [attr.aria-invalid]="address.invalid && address.touched"
            aria-describedby="peer-address-error"
          />
          <p class="field-error" id="peer-address-error">
            @if (address.touched && address.invalid) {
              <ng-container i18n="@@admin.register.addressError">Enter the peer's address, for example http://localhost:8001.</ng-container>
            }
          </p>
        </div>
        <button id="register-button" type="submit" [disabled]="registering()" [attr.aria-busy]="registering()">
          @if (registering()) {
            <ng-container i18n="@@admin.register.busy">Registering…</ng-container>
          } @else {
            <ng-container i18n="@@admin.register.button">Register</ng-container>
          }
        </button>
      </form>
      <app-outcome-message elementId="register-outcome" [outcome]="outcome()" />
    </section>
  `,
})
export class RegisterPeerForm {
  private readonly api = inject(NodeApi);
  private readonly tokens = inject(AdminToken);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly form = inject(NonNullableFormBuilder).group({
    address: ['', [Validators.required, Validators.pattern(NODE_ADDRESS_PATTERN), Validators.maxLength(2048)]],
  });
  protected readonly registering = signal(false);
  protected readonly outcome = actionOutcome();

  readonly registered = output<void>();

  protected register(): void {
    if (this.registering()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    // Said at once, without a request the node can only refuse.
    if (!this.tokens.present()) {
      this.outcome.set(tokenRequired());
      return;
    }
    this.registering.set(true);
    this.outcome.set(null);
    this.api
      .registerWith(this.form.controls.address.value.trim())
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.registering.set(false);
        this.outcome.set(registerOutcome(result));
        if (result.ok) this.registered.emit();
      });
  }
}
