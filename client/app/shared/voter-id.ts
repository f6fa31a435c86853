import { type AbstractControl, type ValidationErrors, type ValidatorFn, Validators } from '@angular/forms';
import { MAX_VOTER_ID_LENGTH, VOTER_ID_PATTERN } from '@protocol/limits';
import { trimVoterId } from '@protocol/voter-id';

/**
 * The node's own rule (protocol/limits), so the form refuses exactly what the node would. It checks the ID
 * without the spaces around it, as the node does (a pasted " VOID008 " is VOID008); the case does not matter
 * either, the node finds the roll's own spelling.
 */
const trimmed =
  (rule: ValidatorFn): ValidatorFn =>
  (control: AbstractControl<string>): ValidationErrors | null =>
    rule({ value: trimVoterId(control.value ?? '') } as AbstractControl);

export const voterIdValidators: ValidatorFn[] = [
  trimmed(Validators.required),
  trimmed(Validators.pattern(VOTER_ID_PATTERN)),
  trimmed(Validators.maxLength(MAX_VOTER_ID_LENGTH)),
];
