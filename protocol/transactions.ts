import { MAX_FUTURE_DRIFT_SECONDS } from './limits';
import { isCanonicalBase64url } from './base64url';
import { credentialMessage, credentialRecordMessage, ballotMessage, lifecycleMessage } from './messages';
import { type BallotRejection, type ElectionRules, validateBallot } from './validate-ballot';
import { isOnCommittedRoll } from './voter-roll';
import type { Ballot, CredentialRecord, LifecycleTransaction, SecretBallot, SignatureVerifier, Transaction, Verdict } from './types';

export type TransactionKind = 'open-ballot' | 'secret-ballot' | 'credential' | 'lifecycle';

export type TransactionRejection =
  BallotRejection | 'bad-credential' | 'bad-ballot-signature' | 'bad-authority-signature' | 'no-authority' | 'non-canonical-encoding';

export function kindOf(tx: Transaction): TransactionKind {
  if (!('type' in tx)) return 'open-ballot';
  if (tx.type === 'ballot') return 'secret-ballot';
  if (tx.type === 'credential') return 'credential';
  return 'lifecycle';
}

export function isBallot(tx: Transaction): tx is Ballot | SecretBallot {
  return !('type' in tx) || tx.type === 'ballot';
}

function reject(reason: TransactionRejection, detail: string): Verdict<TransactionRejection> {
  return { ok: false, reason, detail };
}

function validateSecretBallot(tx: SecretBallot, rules: ElectionRules): Verdict<TransactionRejection> {
  const { election, electionId, signatures } = rules;
  if (election.scheme !== 'secret' || !election.authority) {
    return reject('wrong-scheme', 'this election takes open ballots, not secret ones');
  }
  if (![tx.ballot_key, tx.credential, tx.signature].every(isCanonicalBase64url)) {
    return reject('non-canonical-encoding', 'ballot_key, credential and signature must be canonical base64url');
  }
  if (!rules.isParty(tx.party)) return reject('unknown-party', `"${tx.party}" is not a party in this election`);
  if (!signatures.rsaPss(election.authority.credential_key, credentialMessage(electionId, tx.ballot_key), tx.credential)) {
    return reject('bad-credential', 'the credential is not the authority’s signature on this ballot key');
  }
  if (!signatures.ed25519(tx.ballot_key, ballotMessage(electionId, tx.party), tx.signature)) {
    return reject('bad-ballot-signature', 'the ballot is not signed by its ballot key (altered or forged)');
  }
  return { ok: true };
}

function validateCredentialRecord(tx: CredentialRecord, rules: ElectionRules): Verdict<TransactionRejection> {
  const { election, electionId, signatures, hash } = rules;
  if (election.scheme !== 'secret' || !election.authority || !election.roll) {
    return reject('wrong-scheme', 'only a secret election records credentials');
  }
  if (!isCanonicalBase64url(tx.signature)) return reject('non-canonical-encoding', 'signature must be canonical base64url');
  if (!signatures.ed25519(election.authority.signing_key, credentialRecordMessage(electionId, tx.voter_tag), tx.signature)) {
    return reject('bad-authority-signature', 'the credential record is not signed by the authority');
  }
  if (!isOnCommittedRoll(tx.voter_tag, tx.roll_proof, election.roll.root, hash)) {
    return reject('not-on-roll', 'the voter tag is not on the roll committed at genesis');
  }
  return { ok: true };
}

function validateLifecycle(tx: LifecycleTransaction, rules: ElectionRules, now: number): Verdict<TransactionRejection> {
  const { election, electionId, signatures } = rules;
  if (!election.authority) return reject('no-authority', 'this election has no authority and no lifecycle');
  if (!isCanonicalBase64url(tx.signature)) return reject('non-canonical-encoding', 'signature must be canonical base64url');
  if (typeof tx.timestamp !== 'number' || !(tx.timestamp >= 0 && tx.timestamp <= now + MAX_FUTURE_DRIFT_SECONDS)) {
    return reject('bad-timestamp', `the ${tx.type} timestamp is not a time this node accepts`);
  }
  if (!signatures.ed25519(election.authority.signing_key, lifecycleMessage(electionId, tx.type, tx.timestamp), tx.signature)) {
    return reject('bad-authority-signature', `the ${tx.type} transaction is not signed by the authority`);
  }
  return { ok: true };
}

/**
 * Every rule a transaction must meet on its own: scheme, party, roll, signatures and credential.
 * The order rules (lifecycle, counts) are in ledger-state.ts; uniqueness is the caller's (claimOf).
 * `now` bounds timestamps; pass the block's timestamp for a transaction in a block.
 */
export function validateTransaction(tx: Transaction, rules: ElectionRules, now: number): Verdict<TransactionRejection> {
  if (!('type' in tx)) return validateBallot(tx, rules, now);
  switch (tx.type) {
    case 'ballot':
      return validateSecretBallot(tx, rules);
    case 'credential':
      return validateCredentialRecord(tx, rules);
    case 'open':
    case 'close':
      return validateLifecycle(tx, rules, now);
  }
}

/** One signature check a transaction needs, as validateTransaction makes it. */
export interface SignatureCheck {
  scheme: 'ed25519' | 'rsa-pss';
  publicKey: string;
  message: string;
  signature: string;
}

/** Makes one check with a verifier. */
export function runSignatureCheck(verifier: SignatureVerifier, c: SignatureCheck): boolean {
  return c.scheme === 'ed25519'
    ? verifier.ed25519(c.publicKey, c.message, c.signature)
    : verifier.rsaPss(c.publicKey, c.message, c.signature);
}

/**
 * The signature checks validateTransaction makes for `tx`, in the same terms, so that a node can make them
 * ahead of time (off the event loop, in bulk) and validation then finds the answers. Checks of a transaction
 * that fails before its signatures (wrong scheme, bad encoding) may be listed all the same: they only cost time.
 */
export function signatureChecksOf(tx: Transaction, rules: ElectionRules): SignatureCheck[] {
  const { election, electionId } = rules;
  if (!('type' in tx) || !election.authority) return [];
  const authority = election.authority;
  switch (tx.type) {
    case 'ballot':
      return [
        {
          scheme: 'rsa-pss',
          publicKey: authority.credential_key,
          message: credentialMessage(electionId, tx.ballot_key),
          signature: tx.credential,
        },
        { scheme: 'ed25519', publicKey: tx.ballot_key, message: ballotMessage(electionId, tx.party), signature: tx.signature },
      ];
    case 'credential':
      return [
        {
          scheme: 'ed25519',
          publicKey: authority.signing_key,
          message: credentialRecordMessage(electionId, tx.voter_tag),
          signature: tx.signature,
        },
      ];
    case 'open':
    case 'close':
      return [
        {
          scheme: 'ed25519',
          publicKey: authority.signing_key,
          message: lifecycleMessage(electionId, tx.type, tx.timestamp),
          signature: tx.signature,
        },
      ];
  }
}
