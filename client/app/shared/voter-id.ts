import { Validators } from '@angular/forms';

/** Same rule as the node: starts with a letter or digit, then letters, digits, `.`, `_`, `:` or `-`. */
export const VOTER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const VOTER_ID_MAX_LENGTH = 64;

export const voterIdValidators = [
  Validators.required,
  Validators.pattern(VOTER_ID_PATTERN),
  Validators.maxLength(VOTER_ID_MAX_LENGTH),
];
