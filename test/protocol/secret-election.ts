import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  ballotMessage,
  base64urlToBytes,
  sealChoice,
  type SealedBallot,
  sealedBallotMessage,
  credentialMessage,
  credentialRecordMessage,
  type CredentialRecord,
  type Election,
  type ElectionRules,
  genesisBlock,
  lifecycleMessage,
  type LifecycleTransaction,
  type MerkleStep,
  electionRules,
  rollCommitment,
  type SealedGroup,
  type SealedManifest,
  rollProofs,
  type SecretBallot,
  voterTag,
} from '../../protocol';
import { nodeSignatures } from '../../node-crypto/signatures';
import { rulesOf, sha256 } from './fixtures';

/*
 * A secret election built with real keys: an RSA-2048 credential key (a finalised RFC 9474 blind signature
 * is an ordinary RSASSA-PSS-SHA384 signature with a 48-byte salt, so signing the message directly gives the
 * same credential the blind protocol would), Ed25519 authority and ballot keys, and a salted roll.
 */

export interface Ed25519Pair {
  /** Raw 32-byte public key, base64url: the form the manifest and ballots carry. */
  publicKey: string;
  privateKey: KeyObject;
}

export interface RsaPair {
  /** SPKI DER, base64url. */
  publicKey: string;
  privateKey: KeyObject;
}

export function ed25519Pair(): Ed25519Pair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKey: spki.subarray(spki.length - 32).toString('base64url'), privateKey };
}

/** RSA key generation takes a noticeable time: each test file makes at most one or two. */
export function rsaPair(): RsaPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'), privateKey };
}

export function signEd25519(privateKey: KeyObject, message: string): string {
  return sign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64url');
}

export function signRsaPss(privateKey: KeyObject, message: string): string {
  return sign('sha384', Buffer.from(message, 'utf8'), {
    key: privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 48,
  }).toString('base64url');
}

export interface SecretBallotOptions {
  /** The ballot key; a fresh one by default. */
  key?: Ed25519Pair;
  /** The election the credential names. */
  credentialElectionId?: string;
  /** The ballot key the credential certifies (another key than the ballot's, to forge). */
  credentialFor?: string;
  /** The key that signs the credential (another RSA key, to forge). */
  credentialSigner?: KeyObject;
  /** The party the ballot key signs, when it differs from the ballot's (altered after signing). */
  signedParty?: string;
  /** The election the ballot signature names. */
  ballotElectionId?: string;
}

export interface SecretElection {
  election: Election;
  electionId: string;
  rules: ElectionRules;
  voters: readonly string[];
  /** Per-voter salts, known only to the authority. */
  salts: ReadonlyMap<string, string>;
  tagOf(voterId: string): string;
  proofOf(voterId: string): MerkleStep[];
  signing: Ed25519Pair;
  credentialKey: RsaPair;
  /** The authority's credential on a ballot key. */
  credential(ballotKey: string, electionId?: string, signer?: KeyObject): string;
  secretBallot(party: string, options?: SecretBallotOptions): SecretBallot;
  /** A voter's sealed ballot for option `choice` of `optionCount`, sealed to `to`, with a fresh ballot key and its credential. */
  sealedBallot(group: SealedGroup, to: { key: Uint8Array; base: Uint8Array }, optionCount: number, choice: number): SealedBallot;
  credentialRecord(
    voterId: string,
    options?: { signer?: KeyObject; electionId?: string; proof?: MerkleStep[]; tag?: string },
  ): CredentialRecord;
  lifecycle(
    type: 'open' | 'close',
    timestamp: number,
    options?: { signer?: KeyObject; electionId?: string; signedTimestamp?: number; electionKey?: string },
  ): LifecycleTransaction;
}

export interface SecretElectionOptions {
  title?: string;
  parties?: string[];
  voterCount?: number;
  difficulty?: number;
  /** A sealed election: its trustees, with the group its rules need. */
  sealed?: { manifest: SealedManifest; group: SealedGroup };
}

/** A secret election with `voterCount` voters S001..; the RSA key is made once per call. */
export function makeSecretElection(options: SecretElectionOptions = {}): SecretElection {
  const voters = Array.from({ length: options.voterCount ?? 5 }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
  const salts = new Map(voters.map((v, i) => [v, `salt-${i}-${v.toLowerCase()}`]));
  const tags = new Map(voters.map((v) => [v, voterTag(salts.get(v)!, v, sha256)]));
  const proofs = rollProofs([...tags.values()], sha256);
  const signing = ed25519Pair();
  const credentialKey = rsaPair();
  const election: Election = {
    title: options.title ?? 'Secret test election',
    parties: options.parties ?? ['Red', 'Green', 'Blue'],
    difficulty: options.difficulty ?? 1,
    scheme: 'secret',
    roll: rollCommitment([...tags.values()], sha256),
    authority: { signing_key: signing.publicKey, credential_key: credentialKey.publicKey },
    ...(options.sealed ? { sealed: options.sealed.manifest } : {}),
  };
  const electionId = genesisBlock(election, sha256).hash;

  const credential = (ballotKey: string, id = electionId, signer = credentialKey.privateKey) =>
    signRsaPss(signer, credentialMessage(id, ballotKey));

  const tagOf = (voterId: string) => {
    const tag = tags.get(voterId);
    if (!tag) throw new Error(`${voterId} is not a voter of the fixture`);
    return tag;
  };

  return {
    election,
    electionId,
    rules: options.sealed ? electionRules(election, sha256, nodeSignatures, { group: options.sealed.group }) : rulesOf(election),
    voters,
    salts,
    tagOf,
    proofOf: (voterId) => proofs.get(tagOf(voterId))!.map((s) => ({ ...s })),
    signing,
    credentialKey,
    credential,
    secretBallot(party, o = {}) {
      const key = o.key ?? ed25519Pair();
      return {
        type: 'ballot',
        party,
        ballot_key: key.publicKey,
        credential: credential(o.credentialFor ?? key.publicKey, o.credentialElectionId, o.credentialSigner),
        signature: signEd25519(key.privateKey, ballotMessage(o.ballotElectionId ?? electionId, o.signedParty ?? party)),
      };
    },
    sealedBallot(group, to, optionCount, choice) {
      const key = ed25519Pair();
      const bind = base64urlToBytes(key.publicKey)!;
      const { sealed } = sealChoice(group, to.key, optionCount, choice, { base: to.base, bind });
      return {
        type: 'sealed-ballot',
        sealed,
        ballot_key: key.publicKey,
        credential: credential(key.publicKey),
        signature: signEd25519(key.privateKey, sealedBallotMessage(electionId, sealed)),
      };
    },
    credentialRecord(voterId, o = {}) {
      const tag = o.tag ?? tagOf(voterId);
      return {
        type: 'credential',
        voter_tag: tag,
        roll_proof: o.proof ?? proofs.get(tag)!.map((s) => ({ ...s })),
        signature: signEd25519(o.signer ?? signing.privateKey, credentialRecordMessage(o.electionId ?? electionId, tag)),
      };
    },
    lifecycle(type, timestamp, o = {}) {
      const signed = lifecycleMessage(o.electionId ?? electionId, type, o.signedTimestamp ?? timestamp, o.electionKey);
      const signature = signEd25519(o.signer ?? signing.privateKey, signed);
      return { type, timestamp, signature, ...(o.electionKey === undefined ? {} : { election_key: o.electionKey }) };
    },
  };
}
