import { ChangeDetectionStrategy, ChangeDetectorRef, Component, computed, effect, inject, input } from '@angular/core';
import { type FormControl, ReactiveFormsModule } from '@angular/forms';
import { MAX_VOTER_ID_LENGTH } from '@protocol/limits';

/**
 * The voter ID input with its label and error (and optionally its hint), as every form that asks for one shows it.
 * The host is the `.field`, so the form's layout sees it as it would a plain field. Element ids: `inputId`, and
 * `inputId`-error and `inputId`-hint beside it.
 */
@Component({
  selector: 'app-voter-id-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule],
  host: { class: 'field' },
  template: `
    @let voterId = control();
    <label [for]="inputId()" i18n="@@vote.voterId.label">Voter ID</label>
    <input
      [id]="inputId()"
      type="text"
      [formControl]="voterId"
      autocomplete="off"
      autocapitalize="none"
      spellcheck="false"
      [attr.aria-invalid]="voterId.invalid && voterId.touched"
      [attr.aria-describedby]="describedBy()"
    />
    @if (showHint()) {
      <p class="hint" [id]="inputId() + '-hint'" i18n="@@vote.voterId.hint">
        Letters, digits and <code>. _ : -</code>, starting with a letter or digit; at most {{ maxLength }} characters. Capitals or not, as
        you like.
      </p>
    }
    <p class="field-error" [id]="inputId() + '-error'">
      @if (voterId.touched && voterId.invalid) {
        @if (error(); as message) {
          {{ message }}
        } @else if (voterId.hasError('required')) {
          <ng-container i18n="@@vote.voterId.required">Enter your voter ID.</ng-container>
        } @else if (voterId.hasError('maxlength')) {
          <ng-container i18n="@@vote.voterId.tooLong">The voter ID is too long (at most {{ maxLength }} characters).</ng-container>
        } @else if (voterId.hasError('pattern')) {
          <ng-container i18n="@@vote.voterId.pattern"
            >The voter ID may only contain letters, digits, ".", "_", ":" and "-", and must start with a letter or digit.</ng-container
          >
        }
      }
    </p>
  `,
})
export class VoterIdField {
  readonly control = input.required<FormControl<string>>();
  readonly inputId = input('voter-id');
  readonly showHint = input(false);
  /** One message for every invalid value; without it, a message says which rule the value breaks. */
  readonly error = input<string>();

  protected readonly maxLength = MAX_VOTER_ID_LENGTH;
  protected readonly describedBy = computed(() =>
    this.showHint() ? `${this.inputId()}-hint ${this.inputId()}-error` : `${this.inputId()}-error`,
  );

  constructor() {
    // A control's touched and status are not signals, and the form around marks it touched on submit: redraw on its events.
    const changes = inject(ChangeDetectorRef);
    effect((onCleanup) => {
      const subscription = this.control().events.subscribe(() => changes.markForCheck());
      onCleanup(() => subscription.unsubscribe());
    });
  }
}
