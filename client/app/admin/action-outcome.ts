import { type WritableSignal, effect, inject, signal, untracked } from '@angular/core';
import { AdminToken } from '../api/admin-token';
import type { AdminOutcome } from './token-outcomes';

/**
 * The last outcome of an admin action, for a component's field initialiser. A token problem it shows is
 * answered once a token is accepted at the top of the page, so it goes then instead of staying as a stale error.
 */
export function actionOutcome(): WritableSignal<AdminOutcome | null> {
  const outcome = signal<AdminOutcome | null>(null);
  const tokens = inject(AdminToken);
  effect(() => {
    if (!tokens.present()) return;
    untracked(() => {
      if (outcome()?.about === 'token') outcome.set(null);
    });
  });
  return outcome;
}
