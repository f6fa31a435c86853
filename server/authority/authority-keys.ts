import { Injectable } from '@nestjs/common';
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { NotAuthorityError } from '../common/domain-errors';
import { AuthorityStore } from './authority.store';
import { BlindSigner } from './blind-signer';

interface HeldKeys {
  signing: KeyObject;
  blindSigner: BlindSigner;
}

const privateKey = (der: string): KeyObject => createPrivateKey({ key: Buffer.from(der, 'base64url'), format: 'der', type: 'pkcs8' });

/**
 * The authority's private keys, loaded once, on the node that created the election: Ed25519 for what
 * the authority signs on chain, RSA for blind signatures. Other nodes hold none.
 */
@Injectable()
export class AuthorityKeys {
  private readonly keys: HeldKeys | null;

  constructor(store: AuthorityStore) {
    const stored = store.privateKeys();
    this.keys = stored && { signing: privateKey(stored.signing), blindSigner: new BlindSigner(privateKey(stored.credential)) };
  }

  /** Whether this node is the election's authority. */
  get held(): boolean {
    return this.keys !== null;
  }

  /** The authority's Ed25519 signature on a protocol message, base64url. */
  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.require().signing).toString('base64url');
  }

  get blindSigner(): BlindSigner {
    return this.require().blindSigner;
  }

  private require(): HeldKeys {
    if (!this.keys) throw new NotAuthorityError();
    return this.keys;
  }
}
