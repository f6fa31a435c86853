import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  type Ballot,
  base64urlToBytes,
  type Block,
  type BlockHeader,
  type CeremonyTransaction,
  ceremonyBaseHash,
  type CredentialRecord,
  credentialMessage,
  credentialRecordMessage,
  type Election,
  electionBaseHash,
  genesisBlock,
  type LifecycleTransaction,
  lifecycleMessage,
  type MerkleStep,
  rollCommitment,
  rollProofs,
  sealChoice,
  type SealedBallot,
  sealedBallotMessage,
  type SealedChoice,
  type Transaction,
  type TrusteeDecryption,
  voterTag,
} from '../../../protocol';
import { type ElectionRecord } from '../../../api/http';
import { sha256 } from '../../../node-crypto/sha256';
import { nobleGroup } from '../../../sealed-crypto/noble-group';
import { mineBlockOn } from '../../support/mine-block';
import { sumOfSealedBallots, TestTrustee } from '../../support/sealed-trustee';

/*
 * Real elections for the verifier's tests, built with the protocol's own functions and node:crypto keys.
 * A credential is signed directly with RSASSA-PSS: the same signature a finalised blind signature is. A
 * secret election is sealed, with one trustee of the test's (in noble's group, which needs no asynchronous
 * start; the verifier checks in libsodium's, with the same encodings).
 */

/** The verifier's clock in these tests (seconds); blocks are stamped before it. */
export const NOW = 1_700_000_000;

const b64 = (bytes: Buffer): string => bytes.toString('base64url');

/** An Ed25519 key as the protocol carries it: the raw 32 bytes, the tail of the SPKI DER. */
export function rawEd25519(publicKey: KeyObject): string {
  return b64(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
}

export interface Authority {
  signingKey: KeyObject;
  credentialKey: KeyObject;
  keys: { signing_key: string; credential_key: string };
}

export function makeAuthority(): Authority {
  const signing = generateKeyPairSync('ed25519');
  const credential = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    signingKey: signing.privateKey,
    credentialKey: credential.privateKey,
    keys: {
      signing_key: rawEd25519(signing.publicKey),
      credential_key: b64(credential.publicKey.export({ format: 'der', type: 'spki' })),
    },
  };
}

export function signEd25519(key: KeyObject, message: string): string {
  return b64(sign(null, Buffer.from(message, 'utf8'), key));
}

export function signPss(key: KeyObject, message: string): string {
  return b64(sign('sha384', Buffer.from(message, 'utf8'), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }));
}

/** A mined block on `parent`; `header` breaks one field before the proof of work, which stays valid. */
export function mine(
  parent: Pick<Block, 'index' | 'hash'>,
  transactions: readonly Transaction[],
  difficulty: number,
  header: Partial<Omit<BlockHeader, 'nonce'>> = {},
): Block {
  return mineBlockOn(parent, transactions, { timestamp: NOW - 100 + parent.index, difficulty, ...header });
}

/** A chain on a genesis block: each entry becomes one mined block. */
export function chainOf(genesis: Block, blocks: readonly (readonly Transaction[])[], difficulty: number): Block[] {
  const chain = [genesis];
  for (const txs of blocks) chain.push(mine(chain[chain.length - 1], txs, difficulty));
  return chain;
}

/** Re-mines `chain` from `from` on, so that an edit there keeps valid hashes, work and links. */
export function remineFrom(chain: Block[], from: number): Block[] {
  const out = chain.slice(0, from);
  for (const block of chain.slice(from)) {
    out.push(mine(out[out.length - 1], block.transactions, block.difficulty, { timestamp: block.timestamp }));
  }
  return out;
}

export function recordOf(chain: readonly Block[]): ElectionRecord {
  return { format: 'ballotchain-record/1', election_id: chain[0].hash, exported_at: NOW, chain: [...chain] };
}

export const PARTIES = ['Red', 'Green', 'Blue'];

/** An open election (the seed's scheme) with a roll of `voters` IDs and no authority: open from genesis. */
export function openElection(voters = 5, difficulty = 1): { election: Election; genesis: Block; voters: string[] } {
  const ids = Array.from({ length: voters }, (_, i) => `V${String(i + 1).padStart(3, '0')}`);
  const election: Election = { title: 'Open test election', parties: PARTIES, difficulty, scheme: 'open', voters: ids };
  return { election, genesis: genesisBlock(election, sha256), voters: ids };
}

export function openBallot(voter_id: string, party: string, timestamp = NOW - 200): Ballot {
  return { voter_id, party, timestamp };
}

/** A voter's ballot with its key, so a test can sign something else with the same key. */
export interface CastBallot {
  tx: SealedBallot;
  ballotKey: KeyObject;
}

/**
 * A secret election: its authority, its committed roll, its one trustee, and the transactions they and its
 * voters sign. The trustee's key ceremony is made at once; it goes on chain before the opening.
 */
export class SecretElection {
  readonly election: Election;
  readonly genesis: Block;
  readonly id: string;
  readonly tags: string[];
  /** The trustee's commitments and shares (to no one): the whole ceremony, for the draft. */
  readonly ceremony: CeremonyTransaction[];
  private readonly proofs: Map<string, MerkleStep[]>;
  private readonly group = nobleGroup();
  private readonly trustee = new TestTrustee(this.group, 1);
  private readonly ceremonyBase: Uint8Array;
  /** The election key the ceremony fixes (its one commitment), and the base hash of every ballot proof. */
  private readonly sealing: { key: Uint8Array; base: Uint8Array };

  /** `declaredRollSize` lets a test publish a roll size other than the number of tags in the tree. */
  constructor(
    readonly authority: Authority,
    rollSize: number,
    { difficulty = 1, declaredRollSize }: { difficulty?: number; declaredRollSize?: number } = {},
  ) {
    this.tags = Array.from({ length: rollSize }, (_, i) => voterTag(`salt-${i}`, `VOTER-${i}`, sha256));
    this.proofs = rollProofs(this.tags, sha256);
    this.election = {
      title: 'Secret test election',
      parties: PARTIES,
      difficulty,
      scheme: 'secret',
      roll: { ...rollCommitment(this.tags, sha256), ...(declaredRollSize === undefined ? {} : { size: declaredRollSize }) },
      authority: authority.keys,
      sealed: { threshold: 1, trustees: [this.trustee.spec()], blank: false },
    };
    this.genesis = genesisBlock(this.election, sha256);
    this.id = this.genesis.hash;
    this.ceremonyBase = ceremonyBaseHash(sha256, this.group, this.id, 1, 1);
    const commitments = this.trustee.commitments(this.id, this.ceremonyBase, 1);
    this.ceremony = [commitments, this.trustee.shares(this.id, this.ceremonyBase, this.election.sealed!)];
    const key = base64urlToBytes(commitments.commitments[0])!;
    this.sealing = { key, base: electionBaseHash(sha256, this.group, this.id, 1, [[key]], key) };
  }

  /** The opening names the election key the ceremony fixed. */
  lifecycle(type: 'open' | 'close', timestamp = NOW - 300, key = this.authority.signingKey): LifecycleTransaction {
    const electionKey = type === 'open' ? (this.ceremony[0] as { commitments: string[] }).commitments[0] : undefined;
    const signature = signEd25519(key, lifecycleMessage(this.id, type, timestamp, electionKey));
    return { type, timestamp, signature, ...(electionKey === undefined ? {} : { election_key: electionKey }) };
  }

  credentialRecord(voter: number, key = this.authority.signingKey): CredentialRecord {
    const tag = this.tags[voter];
    const signature = signEd25519(key, credentialRecordMessage(this.id, tag));
    return { type: 'credential', voter_tag: tag, roll_proof: this.proofs.get(tag) ?? [], signature };
  }

  /** A vote for `party`, sealed, under a fresh ballot key certified by `credentialKey` (the authority's unless a test forges one). */
  ballot(party: string, credentialKey = this.authority.credentialKey): CastBallot {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const ballotKey = rawEd25519(publicKey);
    const sealed = this.seal(party, ballotKey);
    return {
      ballotKey: privateKey,
      tx: {
        type: 'sealed-ballot',
        sealed,
        ballot_key: ballotKey,
        credential: signPss(credentialKey, credentialMessage(this.id, ballotKey)),
        signature: signEd25519(privateKey, sealedBallotMessage(this.id, sealed)),
      },
    };
  }

  /** A second ballot with the key and credential of `cast`: what a voter trying to vote twice would send. */
  reuse(cast: CastBallot, party: string): SealedBallot {
    const sealed = this.seal(party, cast.tx.ballot_key);
    return { ...cast.tx, sealed, signature: signEd25519(cast.ballotKey, sealedBallotMessage(this.id, sealed)) };
  }

  /** Another ballot's sealed choice under a fresh ballot key of its own, certified and signed: a copy. */
  copy(sealed: SealedChoice): SealedBallot {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const ballotKey = rawEd25519(publicKey);
    return {
      type: 'sealed-ballot',
      sealed,
      ballot_key: ballotKey,
      credential: signPss(this.authority.credentialKey, credentialMessage(this.id, ballotKey)),
      signature: signEd25519(privateKey, sealedBallotMessage(this.id, sealed)),
    };
  }

  /** The trustee's partial decryption of the sums of every sealed ballot on `chain`, posted after its close. */
  decryption(chain: readonly Block[]): TrusteeDecryption {
    const keyShare = this.trustee.keyShare(this.ceremonyBase, chain);
    return this.trustee.decryption(this.id, this.sealing.base, keyShare, sumOfSealedBallots(this.group, chain));
  }

  private seal(party: string, ballotKey: string): SealedChoice {
    const choice = PARTIES.indexOf(party);
    const { key, base } = this.sealing;
    return sealChoice(this.group, key, PARTIES.length, choice, { base, bind: base64urlToBytes(ballotKey)! }).sealed;
  }
}
