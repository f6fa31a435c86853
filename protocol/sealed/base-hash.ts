import { bytesToBase64url } from '../base64url';
import { PROTOCOL_VERSION } from '../limits';
import type { HashFn } from '../types';
import { ONE } from './elgamal';
import { type SealedGroup } from './group';

/*
 * The base hashes every Fiat-Shamir challenge starts with (see challenge.ts), so that a proof made for one
 * election, or one stage of it, is worthless in any other. Both are SHA-256 of a fixed-order JSON array,
 * as every canonical encoding of the protocol (canonical.ts).
 */
const SEALED_SCHEME = 'ballotchain-sealed-1';
const GROUP_NAME = 'ristretto255';

/** For the key ceremony's proofs: the election (its genesis, which commits to the manifest) and t of n. */
export function ceremonyBaseHash(hash: HashFn, group: SealedGroup, genesisHash: string, threshold: number, trustees: number): Uint8Array {
  return hexToBytes(
    hash(JSON.stringify([SEALED_SCHEME, 'ceremony', PROTOCOL_VERSION, GROUP_NAME, generator(group), genesisHash, threshold, trustees])),
  );
}

/**
 * For ballots and decryptions: as the ceremony's, plus every trustee's commitments (in order of trustee
 * index) and the election key they fix.
 */
export function electionBaseHash(
  hash: HashFn,
  group: SealedGroup,
  genesisHash: string,
  threshold: number,
  commitments: readonly (readonly Uint8Array[])[],
  key: Uint8Array,
): Uint8Array {
  const encoded = commitments.map((cs) => cs.map(bytesToBase64url));
  return hexToBytes(
    hash(
      JSON.stringify([
        SEALED_SCHEME,
        'election',
        PROTOCOL_VERSION,
        GROUP_NAME,
        generator(group),
        genesisHash,
        threshold,
        commitments.length,
        encoded,
        bytesToBase64url(key),
      ]),
    ),
  );
}

function generator(group: SealedGroup): string {
  return bytesToBase64url(group.multiplyBase(ONE));
}

function hexToBytes(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new RangeError('a base hash is a hex SHA-256 digest');
  return Uint8Array.from({ length: 32 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}
