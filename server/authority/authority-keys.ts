import { Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { NotAuthorityError } from '../common/domain-errors';
import { AppConfig } from '../common/app-config';
import { type AuthorityPrivateKeys, AuthorityStore } from './authority.store';
import { BlindSigner } from './blind-signer';
import { isSealed, openKey, SealedKeyError, sealKey } from '../../node-crypto/key-sealing';

interface HeldKeys {
  signing: KeyObject;
  blindSigner: BlindSigner;
}

/** The stored keys in clear; sealed ones need the passphrase that sealed them. */
function unsealed(stored: AuthorityPrivateKeys, passphrase: string | null): AuthorityPrivateKeys {
  const open = (value: string, name: string): string => {
    if (!isSealed(value)) return value;
    if (!passphrase) throw new SealedKeyError(`the authority's keys are sealed: start the node with AUTHORITY_PASSPHRASE_FILE`);
    return openKey(value, passphrase, name);
  };
  return { signing: open(stored.signing, 'signing'), credential: open(stored.credential, 'credential') };
}

const privateKey = (der: string): KeyObject => createPrivateKey({ key: Buffer.from(der, 'base64url'), format: 'der', type: 'pkcs8' });

/**
 * The authority's private keys, loaded once, on the node that created the election: Ed25519 for what
 * the authority signs on chain, RSA for blind signatures. Other nodes hold none.
 */
@Injectable()
export class AuthorityKeys {
  private readonly logger = new Logger(AuthorityKeys.name);
  private readonly keys: HeldKeys | null;

  constructor(store: AuthorityStore, config: AppConfig) {
    const stored = store.privateKeys();
    const keys = stored && unsealed(stored, config.authorityPassphrase);
    if (stored && config.authorityPassphrase && !isSealed(stored.signing)) {
      // Kept in clear by an earlier start without a passphrase: sealed from now on.
      store.replaceKeys({
        signing: sealKey(stored.signing, config.authorityPassphrase, 'signing'),
        credential: sealKey(stored.credential, config.authorityPassphrase, 'credential'),
      });
      this.logger.log({ msg: 'authority keys sealed under the passphrase' });
    }
    this.keys = keys && { signing: privateKey(keys.signing), blindSigner: new BlindSigner(privateKey(keys.credential)) };
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
