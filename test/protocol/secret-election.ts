import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  applyTransaction,
  base64urlToBytes,
  type CeremonyTransaction,
  ceremonyBaseHash,
  credentialMessage,
  credentialRecordMessage,
  type CredentialRecord,
  type Election,
  type ElectionPhase,
  type ElectionRules,
  genesisBlock,
  initialLedgerState,
  type LedgerState,
  lifecycleMessage,
  type LifecycleTransaction,
  type MerkleStep,
  type OpenedElection,
  rollCommitment,
  rollProofs,
  sealChoice,
  type SealedBallot,
  sealedBallotMessage,
  type SealedChoice,
  type SealedGroup,
  type SealedManifest,
  type Transaction,
  voterTag,
} from '../../protocol';
import { nobleGroup } from '../../sealed-crypto/noble-group';
import { TestTrustee } from '../support/sealed-trustee';
import { rulesOf, sealedRulesOf, sha256 } from './fixtures';

/*
 * A secret election built with real keys: an RSA-2048 credential key (a finalised RFC 9474 blind signature
 * is an ordinary RSASSA-PSS-SHA384 signature with a 48-byte salt, so signing the message directly gives the
 * same credential the blind protocol would), Ed25519 authority and ballot keys, and a salted roll. Every
 * secret election is sealed: unless a test brings its own trustees, it has one test trustee of its own (in
 * noble's group, which needs no asynchronous start), whose key ceremony is made here once.
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

/** What a voter's device seals to: the election key the opening named and the base hash of every ballot proof. */
export type SealingTarget = Pick<OpenedElection, 'key' | 'base'>;

export interface SealedBallotOptions {
  /** Sealed to this key and base hash; by default, those the fixture's own ceremony fixed. */
  to?: SealingTarget;
  /** The ballot key; a fresh one by default. */
  key?: Ed25519Pair;
  /** Another ballot's sealed choice, cast (and signed) as this ballot's own instead of sealing `choice`: a copy. */
  copied?: SealedChoice;
  /** The election the credential names. */
  credentialElectionId?: string;
  /** The ballot key the credential certifies (another key than the ballot's, to forge). */
  credentialFor?: string;
  /** The key that signs the credential (another RSA key, to forge). */
  credentialSigner?: KeyObject;
  /** The election the ballot signature names. */
  ballotElectionId?: string;
}

export interface LifecycleOptions {
  signer?: KeyObject;
  electionId?: string;
  signedTimestamp?: number;
  /**
   * The election key an opening names: by default the one the fixture's own ceremony fixed (none when the
   * test brought its trustees); null for none at all.
   */
  electionKey?: string | null;
}

export interface SecretElection {
  election: Election;
  electionId: string;
  rules: ElectionRules;
  /** The group the election's ballots are sealed in, and its rules computed with. */
  group: SealedGroup;
  /** The parties, and the blank vote where the manifest offers it. */
  optionCount: number;
  voters: readonly string[];
  /** Per-voter salts, known only to the authority. */
  salts: ReadonlyMap<string, string>;
  tagOf(voterId: string): string;
  proofOf(voterId: string): MerkleStep[];
  signing: Ed25519Pair;
  credentialKey: RsaPair;
  /** The authority's credential on a ballot key. */
  credential(ballotKey: string, electionId?: string, signer?: KeyObject): string;
  /** A voter's ballot for option `choice`, sealed, with its ballot key's credential and signature. */
  sealedBallot(choice: number, options?: SealedBallotOptions): SealedBallot;
  credentialRecord(
    voterId: string,
    options?: { signer?: KeyObject; electionId?: string; proof?: MerkleStep[]; tag?: string },
  ): CredentialRecord;
  lifecycle(type: 'open' | 'close', timestamp: number, options?: LifecycleOptions): LifecycleTransaction;
}

/** A secret election whose one trustee is the fixture's own, with the key ceremony it made. */
export interface SecretElectionWithCeremony extends SecretElection {
  /** The trustee's commitments and its shares (to no one): the whole ceremony, valid in the draft. */
  ceremony: CeremonyTransaction[];
  /** The election key that ceremony fixes, as an opening names it. */
  electionKey: string;
  /** What the opening fixes: the election key and the base hash of every ballot proof. */
  opened: OpenedElection;
  /**
   * The ledger state with the ceremony on chain and, unless in the draft, the opening; the sums hold no ballot,
   * whatever `ballots` counts. For the order rules, which look at the counts and the phase.
   */
  ledgerState(phase: ElectionPhase, ballots?: number, credentials?: number): LedgerState;
}

export interface SecretElectionOptions {
  title?: string;
  parties?: string[];
  voterCount?: number;
  difficulty?: number;
}

export interface OwnTrusteesOptions extends SecretElectionOptions {
  /** The test's own trustees, with the group the election's rules need. */
  sealed: { manifest: SealedManifest; group: SealedGroup };
}

/** A secret election with `voterCount` voters S001..; the RSA key is made once per call. */
export function makeSecretElection(options?: SecretElectionOptions): SecretElectionWithCeremony;
export function makeSecretElection(options: OwnTrusteesOptions): SecretElection;
export function makeSecretElection(options: SecretElectionOptions & Partial<OwnTrusteesOptions> = {}): SecretElection {
  if (options.sealed) {
    const { manifest, group } = options.sealed;
    return secretElection(options, manifest, group, (election) => sealedRulesOf(election, group));
  }
  const group = nobleGroup();
  const trustee = new TestTrustee(group, 1);
  // The rules of fixtures.ts, so that a block context made there shares the verdicts on ballot proofs.
  const election = secretElection(options, { threshold: 1, trustees: [trustee.spec()], blank: false }, group, rulesOf);
  return withCeremony(election, trustee);
}

function secretElection(
  options: SecretElectionOptions,
  manifest: SealedManifest,
  group: SealedGroup,
  rulesFor: (election: Election) => ElectionRules,
): SecretElection {
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
    sealed: manifest,
  };
  const electionId = genesisBlock(election, sha256).hash;
  const optionCount = election.parties.length + (manifest.blank ? 1 : 0);

  const credential = (ballotKey: string, id = electionId, signer = credentialKey.privateKey) =>
    signRsaPss(signer, credentialMessage(id, ballotKey));

  const sealFor = (ballotKey: Ed25519Pair, choice: number, to: SealingTarget | undefined) => {
    if (!to) throw new Error('this election’s trustees are the test’s own: say what the ballot is sealed to');
    const bind = base64urlToBytes(ballotKey.publicKey)!;
    return sealChoice(group, to.key, optionCount, choice, { base: to.base, bind }).sealed;
  };

  const tagOf = (voterId: string) => {
    const tag = tags.get(voterId);
    if (!tag) throw new Error(`${voterId} is not a voter of the fixture`);
    return tag;
  };

  return {
    election,
    electionId,
    rules: rulesFor(election),
    group,
    optionCount,
    voters,
    salts,
    tagOf,
    proofOf: (voterId) => proofs.get(tagOf(voterId))!.map((s) => ({ ...s })),
    signing,
    credentialKey,
    credential,
    sealedBallot(choice, o = {}) {
      const key = o.key ?? ed25519Pair();
      const sealed = o.copied ?? sealFor(key, choice, o.to);
      return {
        type: 'sealed-ballot',
        sealed,
        ballot_key: key.publicKey,
        credential: credential(o.credentialFor ?? key.publicKey, o.credentialElectionId, o.credentialSigner),
        signature: signEd25519(key.privateKey, sealedBallotMessage(o.ballotElectionId ?? electionId, sealed)),
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
      const electionKey = o.electionKey === null ? undefined : o.electionKey;
      const signed = lifecycleMessage(o.electionId ?? electionId, type, o.signedTimestamp ?? timestamp, electionKey);
      const signature = signEd25519(o.signer ?? signing.privateKey, signed);
      return { type, timestamp, signature, ...(electionKey === undefined ? {} : { election_key: electionKey }) };
    },
  };
}

/** The election with its one trustee's ceremony made and applied by the rules themselves, and its key named by every opening. */
function withCeremony(fixture: SecretElection, trustee: TestTrustee): SecretElectionWithCeremony {
  const { electionId, group, rules } = fixture;
  const base = ceremonyBaseHash(sha256, group, electionId, 1, 1);
  const ceremony: CeremonyTransaction[] = [
    trustee.commitments(electionId, base, 1),
    trustee.shares(electionId, base, fixture.election.sealed!),
  ];
  // One trustee: the election key is its first commitment.
  const electionKey = (ceremony[0] as { commitments: string[] }).commitments[0];
  const lifecycle: SecretElection['lifecycle'] = (type, timestamp, o = {}) =>
    fixture.lifecycle(type, timestamp, type === 'open' && o.electionKey === undefined ? { ...o, electionKey } : o);

  const apply = (state: LedgerState, txs: readonly Transaction[]): LedgerState =>
    txs.reduce((st, tx) => {
      const next = applyTransaction(st, tx, rules);
      if (!next.ok) throw new Error(`the fixture's ceremony is refused: ${next.reason}: ${next.detail}`);
      return next.state;
    }, state);
  const afterCeremony = apply(initialLedgerState(fixture.election), ceremony);
  const afterOpening = apply(afterCeremony, [lifecycle('open', 0)]);
  const opened = afterOpening.sealed!.opened!;

  return {
    ...fixture,
    lifecycle,
    sealedBallot: (choice, o = {}) => fixture.sealedBallot(choice, { ...o, to: o.to ?? opened }),
    ceremony,
    electionKey,
    opened,
    ledgerState: (phase, ballots = 0, credentials = 0) => ({
      phase,
      ballots,
      credentials,
      sealed: (phase === 'draft' ? afterCeremony : afterOpening).sealed,
    }),
  };
}
