import type { LoggerService } from '@nestjs/common';
import axios from 'axios';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { type Block, genesisProblem } from '../../protocol';
import type { AppConfig } from '../common/app-config';
import { type Db, readMeta, writeMeta } from '../common/database';
import { storedGenesis } from '../common/stored-genesis';
import { sha256 } from '../../node-crypto/sha256';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { codesFilePath, createElection, definitionDigest } from './create-election';
import { withDemoTrustees } from './demo-trustees';

export class DataDirMismatchError extends Error {}

const JOIN_RETRY_MS = 1000;

/**
 * Makes sure the data dir holds an election before the node's services start: the one already there,
 * one made from the configured definition, or one taken from a peer. Returns 'setup' when the node must
 * wait for an admin to create the election in the portal.
 */
export async function establishElection(db: Db, config: AppConfig, logger: LoggerService): Promise<'ready' | 'setup'> {
  const genesis = storedGenesis(db);
  if (genesis) {
    if (config.electionId && genesis.hash !== config.electionId) {
      throw new DataDirMismatchError(`DATA_DIR ${config.dataDir} holds election ${genesis.hash}, not ELECTION_ID`);
    }
    const stored = readMeta(db, 'definition_digest');
    // A definition given again (file, demo, open-demo, maybe with DIFFICULTY) must be the one this data dir holds.
    if (config.definition && stored !== definitionDigest(config.definition)) {
      throw new DataDirMismatchError(
        `DATA_DIR ${config.dataDir} holds the chain of another election; use a new DATA_DIR for this election`,
      );
    }
    return 'ready';
  }
  switch (config.electionMode) {
    case 'setup':
      return 'setup';
    case 'join':
      writeMeta(db, 'genesis', JSON.stringify(await genesisFromPeers(config, logger)));
      return 'ready';
    default: {
      const secret = config.definition!.scheme === 'secret';
      // Demo trustees are made here (see demo-trustees.ts); the digest stays the configured definition's.
      const definition = secret ? withDemoTrustees(config.definition!, config.dataDir, await libsodiumGroup()) : config.definition!;
      createElection(db, definition, {
        digestOf: config.definition!,
        withAuthority: secret,
        autoOpen: config.electionMode === 'demo',
        codesFile: secret ? codesFilePath(config.dataDir) : undefined,
        passphrase: config.authorityPassphrase,
      });
      if (secret) logger.log({ msg: 'election created; activation codes written', file: codesFilePath(config.dataDir) }, 'Setup');
      return 'ready';
    }
  }
}

/** Asks each configured peer in turn, until one serves a valid genesis block (of ELECTION_ID, if set). */
async function genesisFromPeers(config: AppConfig, logger: LoggerService): Promise<Block> {
  // Like every other request to peers, leave from HOST when it names one interface, and trust the same CAs.
  const localAddress = config.outgoingAddress;
  const client = axios.create({
    timeout: 5000,
    httpAgent: new Agent({ localAddress }),
    httpsAgent: new HttpsAgent({ localAddress, ca: config.peerCa ?? undefined }),
    validateStatus: () => true,
  });
  for (;;) {
    for (const peer of config.peers) {
      try {
        const response = await client.get<Block>(`${peer}/api/blocks/0`, { signal: AbortSignal.timeout(5000) });
        if (response.status !== 200) throw new Error(`status ${response.status}`);
        const genesis = response.data;
        const problem = genesisProblem(genesis, sha256);
        if (problem) throw new Error(problem);
        if (config.electionId && genesis.hash !== config.electionId) throw new Error(`it runs election ${genesis.hash}, not ELECTION_ID`);
        logger.log({ msg: 'joined election', peer, election: genesis.hash, title: genesis.election!.title }, 'Setup');
        return genesis;
      } catch (e) {
        logger.warn({ msg: 'could not take the election from a peer; retrying', peer, error: (e as Error).message }, 'Setup');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, JOIN_RETRY_MS));
  }
}
