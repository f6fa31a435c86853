import type { ApiFailure } from '../api/api-result';
import type { Outcome } from '../shared/outcome';

/** An admin action's outcome; `token` marks one about the admin token, which entering a token answers. */
export interface AdminOutcome extends Outcome {
  about?: 'token';
}

/** Where an official finds the token: the variable the node was given, or the file it wrote at its first start. */
export function tokenWhereabouts(): string {
  return $localize`:@@admin.token.where:It is the node's ADMIN_TOKEN or, when the node was started without one, the contents of the file admin-token in its data directory: data/node-8000/admin-token after npm start (DATA_DIR/admin-token in general).`;
}

export function tokenRequired(): AdminOutcome {
  return {
    kind: 'error',
    about: 'token',
    text: $localize`:@@admin.token.required:This needs the admin token: enter it under Admin token at the top of this page.`,
  };
}

export function tokenRefused(): AdminOutcome {
  return {
    kind: 'error',
    about: 'token',
    text: $localize`:@@admin.token.refused:The admin token was refused: enter the current one under Admin token at the top of this page.`,
  };
}

/** The sentence for a missing or refused admin token; null when the failure is about something else. */
export function tokenProblem(failure: ApiFailure): AdminOutcome | null {
  switch (failure.error) {
    case 'admin-token-required':
      return tokenRequired();
    case 'invalid-admin-token':
      return tokenRefused();
  }
  return null;
}
