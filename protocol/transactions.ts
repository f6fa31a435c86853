import { MAX_FUTURE_DRIFT_SECONDS } from './limits';
import { isCanonicalBase64url } from './base64url';
import { credentialMessage, credentialRecordMessage, lifecycleMessage, sealedBallotMessage } from './messages';
import { type BallotRejection, type ElectionRules, validateBallot } from './validate-ballot';
import { isOnCommittedRoll } from './voter-roll';
import type { Ballot, CredentialRecord, LifecycleTransaction, SealedBallot, SignatureVerifier, Transaction, Verdict } from './types';

export type TransactionKind = 'open-ballot' | 'sealed-ballot' | 'credential' | 'lifecycle' | 'ceremony' | 'decryption';

export type TransactionRejection =
  BallotRejection | 'bad-credential' | 'bad-ballot-signature' | 'bad-authority-signature' | 'no-authority' | 'non-canonical-encoding';

export function kindOf(tx: Transaction): TransactionKind {
  if (!('type' in tx)) return 'open-ballot';
  switch (tx.type) {
    case 'sealed-ballot':
      return 'sealed-ballot';
    case 'credential':
      return 'credential';
    case 'open':
    case 'close':
      return 'lifecycle';
    case 'trustee-decryption':
      return 'decryption';
    default:
      return 'ceremony';
  }
}

export function isBallot(tx: Transaction): tx is Ballot | SealedBallot {
  return !('type' in tx) || tx.type === 'sealed-ballot';
}

function reject(reason: TransactionRejection, detail: string): Verdict<TransactionRejection> {
  return { ok: false, reason, detail };
}

/**
 * A sealed ballot's own encodings, its credential for its key, and its key's signature over the whole sealed
 * choice. Its proofs need the election key the chain fixed, so they are an order rule (ledger-state.ts).
 */
function validateSealedBallot(tx: SealedBallot, rules: ElectionRules): Verdict<TransactionRejection> {
  const { election, electionId, signatures } = rules;
  if (!election.sealed || !election.authority) return reject('wrong-scheme', 'this election takes open ballots, not sealed ones');
  if (![tx.ballot_key, tx.credential, tx.signature].every(isCanonicalBase64url)) {
    return reject('non-canonical-encoding', 'ballot_key, credential and signature must be canonical base64url');
  }
  if (!signatures.rsaPss(election.authority.credential_key, credentialMessage(electionId, tx.ballot_key), tx.credential)) {
    return reject('bad-credential', 'the credential is not the authority’s signature on this ballot key');
  }
  if (!signatures.ed25519(tx.ballot_key, sealedBallotMessage(electionId, tx.sealed), tx.signature)) {
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
  if (tx.type === 'open' && (tx.election_key !== undefined) !== (election.sealed !== undefined)) {
    return reject(
      'wrong-scheme',
      election.sealed ? 'a sealed election opens with its election key' : 'only a sealed election has an election key',
    );
  }
  if (tx.election_key !== undefined && !isCanonicalBase64url(tx.election_key)) {
    return reject('non-canonical-encoding', 'election_key must be canonical base64url');
  }
  if (
    !signatures.ed25519(election.authority.signing_key, lifecycleMessage(electionId, tx.type, tx.timestamp, tx.election_key), tx.signature)
  ) {
    return reject('bad-authority-signature', `the ${tx.type} transaction is not signed by the authority`);
  }
  return { ok: true };
}

/**
 * Every rule a transaction must meet on its own: scheme, party, roll, signatures and credential.
 * The order rules (lifecycle, counts, and everything a sealed election's key ceremony, ballot proofs and
 * decryptions need from the chain) are in ledger-state.ts; uniqueness is the caller's (claimOf).
 * `now` bounds timestamps; pass the block's timestamp for a transaction in a block.
 */
export function validateTransaction(tx: Transaction, rules: ElectionRules, now: number): Verdict<TransactionRejection> {
  if (!('type' in tx)) return validateBallot(tx, rules, now);
  switch (tx.type) {
    case 'sealed-ballot':
      return validateSealedBallot(tx, rules);
    case 'credential':
      return validateCredentialRecord(tx, rules);
    case 'open':
    case 'close':
      return validateLifecycle(tx, rules, now);
    default:
      // The trustees' transactions: checked against the ceremony on chain (ledger-state.ts).
      return rules.election.sealed ? { ok: true } : reject('wrong-scheme', 'this election has no trustees');
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
    case 'sealed-ballot':
      return [
        {
          scheme: 'rsa-pss',
          publicKey: authority.credential_key,
          message: credentialMessage(electionId, tx.ballot_key),
          signature: tx.credential,
        },
        { scheme: 'ed25519', publicKey: tx.ballot_key, message: sealedBallotMessage(electionId, tx.sealed), signature: tx.signature },
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
          message: lifecycleMessage(electionId, tx.type, tx.timestamp, tx.election_key),
          signature: tx.signature,
        },
      ];
    default:
      // Trustees sign a handful of transactions per election: checked as they are applied.
      return [];
  }
}
