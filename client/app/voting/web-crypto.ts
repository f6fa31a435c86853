import { DOCUMENT } from '@angular/common';
import { InjectionToken, inject } from '@angular/core';

/**
 * Whether this page may use WebCrypto (crypto.subtle), which the secret ballot's blind signature needs.
 * Browsers offer it only in secure contexts: https, or http on localhost. A token, so tests can say either.
 */
export const WEB_CRYPTO_AVAILABLE = new InjectionToken<boolean>('WEB_CRYPTO_AVAILABLE', {
  factory: () => Boolean(inject(DOCUMENT).defaultView?.crypto?.subtle),
});
