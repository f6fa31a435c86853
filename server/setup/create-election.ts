import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Block,
  type Election,
  type ElectionDefinition,
  genesisBlock,
  rollCommitment,
  rollProofs,
  sealedManifestOf,
  voterTag,
} from '../../protocol';
import { type Db, writeMeta } from '../common/database';
import { sha256 } from '../../node-crypto/sha256';
import { activationCode, codeHash } from '../authority/activation-code';
import { insertAuthority, type RollEntry } from '../authority/authority.store';
import { sealKey } from '../../node-crypto/key-sealing';
import { writePrivateFileDurably } from './durable-private-file';
import { codesCsv } from './roll-csv';

/** A digest of a definition, to refuse reopening a data dir with a different ELECTION_FILE. */
export function definitionDigest(definition: ElectionDefinition): string {
  return sha256(JSON.stringify(definition));
}

export interface CreatedElection {
  genesis: Block;
  /** CSV of voter IDs and activation codes (secret scheme), shown once. */
  codesCsv: string | null;
}

export interface CreateOptions {
  /** Whether this node becomes the authority (keys, lifecycle). A secret election always has one. */
  withAuthority: boolean;
  /** Open the election as soon as the node starts (the demo). */
  autoOpen?: boolean;
  /**
   * Also write the codes to this file, readable by the owner only. It is on disk before the election is
   * stored, so an election never exists whose codes are only in memory.
   */
  codesFile?: string;
  /** Seal the authority's private keys under this passphrase before they are stored. */
  passphrase?: string | null;
  /** The definition a restart is compared with, when it is not `definition` itself (the demo adds its trustees). */
  digestOf?: ElectionDefinition;
}

/**
 * Turns a definition into a manifest and a genesis block, and keeps the authority's secrets: new keys,
 * and for a secret election the private roll (salt, tag and code hash per voter). Everything is written
 * in one SQLite transaction; activation codes exist in clear only in the returned CSV and in `codesFile`.
 */
export function createElection(db: Db, definition: ElectionDefinition, options: CreateOptions): CreatedElection {
  const scheme = definition.scheme ?? 'open';
  const withAuthority = options.withAuthority || scheme === 'secret';
  const manifest: Election = {
    title: definition.title,
    parties: [...definition.parties],
    difficulty: definition.difficulty,
    scheme,
    ...(scheme === 'open' && definition.voters ? { voters: [...definition.voters] } : {}),
  };
  const sealed = scheme === 'secret' ? sealedManifestOf(definition) : undefined;
  let roll: RollEntry[] = [];
  let codes: { voter_id: string; code: string }[] = [];
  let keys: { signing: string; credential: string } | null = null;
  if (withAuthority) {
    const signing = generateKeyPairSync('ed25519');
    const credential = generateKeyPairSync('rsa', { modulusLength: 2048 });
    manifest.authority = {
      signing_key: signing.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64url'),
      credential_key: credential.publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'),
    };
    const der = (key: KeyObject) => key.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
    const stored = (name: string, key: KeyObject) => (options.passphrase ? sealKey(der(key), options.passphrase, name) : der(key));
    keys = { signing: stored('signing', signing.privateKey), credential: stored('credential', credential.privateKey) };
  }
  if (scheme === 'secret') {
    codes = (definition.voters ?? []).map((voter_id) => ({ voter_id, code: activationCode() }));
    const salted = codes.map(({ voter_id, code }) => {
      const salt = randomBytes(16).toString('hex');
      return { voter_id, salt, tag: voterTag(salt, voter_id, sha256), code_hash: codeHash(voter_id, code) };
    });
    const tags = salted.map((s) => s.tag);
    manifest.roll = rollCommitment(tags, sha256);
    if (sealed) manifest.sealed = sealed;
    const proofs = rollProofs(tags, sha256);
    roll = salted.map((s) => ({ ...s, roll_proof: proofs.get(s.tag)!, blinded_hash: null, blind_signature: null }));
  }
  const genesis = genesisBlock(manifest, sha256);
  const csv = scheme === 'secret' ? codesCsv(codes) : null;
  const codesFile = csv && options.codesFile ? options.codesFile : null;
  if (codesFile) writePrivateFileDurably(codesFile, csv!);
  try {
    db.transaction(() => {
      if (keys) insertAuthority(db, keys, roll);
      writeMeta(db, 'genesis', JSON.stringify(genesis));
      writeMeta(db, 'definition_digest', definitionDigest(options.digestOf ?? definition));
      if (options.autoOpen) writeMeta(db, 'auto_open', '1');
    }).immediate();
  } catch (e) {
    // No election was stored: its codes open nothing and must not be handed out.
    if (codesFile) rmSync(codesFile, { force: true });
    throw e;
  }
  return { genesis, codesCsv: csv };
}

export function codesFilePath(dataDir: string): string {
  return join(dataDir, 'activation-codes.csv');
}
