import { Validators } from '@angular/forms';
import { MAX_VOTER_ID_LENGTH, VOTER_ID_PATTERN } from '@protocol/limits';

/** The node's own rule (protocol/limits), so the form refuses exactly what the node would. */
export const voterIdValidators = [Validators.required, Validators.pattern(VOTER_ID_PATTERN), Validators.maxLength(MAX_VOTER_ID_LENGTH)];
