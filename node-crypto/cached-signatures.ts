import { hash } from 'node:crypto';
import { runSignatureCheck, type SignatureCheck, type SignatureVerifier } from '../protocol';

/** About two checks per ballot: room for the checks of 100 000 ballots, some 10 MB. */
const CAPACITY = 200_000;

/**
 * A SignatureVerifier that remembers the checks that passed, by a digest of the exact key, message and
 * signature. A ballot checked on admission, or ahead of time for a block (see SignaturePrechecks), then costs
 * nothing when a block holds it; a check it has not seen is made as before. Only passes are kept: a failure
 * ends a block's validation at once anyway.
 */
export class CachedSignatures implements SignatureVerifier {
  private readonly passed = new Map<string, true>();

  constructor(
    private readonly inner: SignatureVerifier,
    private readonly capacity = CAPACITY,
  ) {}

  ed25519(publicKey: string, message: string, signature: string): boolean {
    return this.check({ scheme: 'ed25519', publicKey, message, signature });
  }

  rsaPss(publicKey: string, message: string, signature: string): boolean {
    return this.check({ scheme: 'rsa-pss', publicKey, message, signature });
  }

  /** Whether the check is already known to pass. */
  knows(check: SignatureCheck): boolean {
    return this.passed.has(keyOf(check));
  }

  /** Records a check that passed elsewhere (a worker thread). */
  remember(check: SignatureCheck): void {
    const key = keyOf(check);
    this.passed.delete(key);
    this.passed.set(key, true);
    // A Map iterates in insertion order: the first key is the one used longest ago.
    if (this.passed.size > this.capacity) this.passed.delete(this.passed.keys().next().value!);
  }

  private check(c: SignatureCheck): boolean {
    if (this.knows(c)) return true;
    const ok = runSignatureCheck(this.inner, c);
    if (ok) this.remember(c);
    return ok;
  }
}

function keyOf(c: SignatureCheck): string {
  // Lengths first, so no two different checks give the same text.
  return hash('sha256', `${c.scheme}:${c.publicKey.length}:${c.message.length}:${c.publicKey}${c.message}${c.signature}`, 'base64');
}
