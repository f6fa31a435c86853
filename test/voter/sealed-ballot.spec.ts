import { ed25519 } from '@noble/curves/ed25519';
import { ballotChoiceProblem, bytesToBase64url, electionBaseHash, sealedBallotMessage, type SealedGroup } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';
import { nodeSignatures } from '../../node-crypto/signatures';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { nobleGroup } from '../../sealed-crypto/noble-group';
import { openChallenge, type PreparedCredentialRequest, sealChoiceFor, sealingKeyOf, signSealedBallot, toBase64url } from '../../voter';

const ELECTION_ID = 'e'.repeat(64);
const OPTIONS = 4;

/** A prepared request with a real Ed25519 ballot key; the blinding fields are not used by sealing. */
function prepared(): PreparedCredentialRequest {
  const secret = ed25519.utils.randomPrivateKey();
  return {
    electionId: ELECTION_ID,
    ballotSecretKey: toBase64url(secret),
    ballotKey: toBase64url(ed25519.getPublicKey(secret)),
    blindedMessage: 'unused',
    inv: 'unused',
  };
}

/**
 * The browser's sealing (the voter kit, as the vote page runs it) against the node's rules, across the two
 * implementations of the group: a ballot sealed with either verifies with the other, its signature verifies with
 * node:crypto, and a challenge opens it to the choice.
 */
describe('voter kit: sealed ballots', () => {
  let sodium: SealedGroup;
  let noble: SealedGroup;

  beforeAll(async () => {
    sodium = await libsodiumGroup();
    noble = nobleGroup();
  });

  /** An opened election of three trustees with one commitment each, seen as GET /api/election shows it. */
  function election(group: SealedGroup) {
    const commitments = [1, 2, 3].map(() => [group.multiplyBase(group.randomScalar())]);
    const key = commitments.map((c) => c[0]).reduce((a, b) => group.add(a, b));
    const view = {
      electionId: ELECTION_ID,
      threshold: 2,
      commitments: commitments.map((cs) => cs.map(bytesToBase64url)),
      electionKey: bytesToBase64url(key),
      optionCount: OPTIONS,
    };
    return { view, opened: { key, base: electionBaseHash(sha256, group, ELECTION_ID, 2, commitments, key), commitments } };
  }

  it.each([
    ['noble', 'libsodium'],
    ['libsodium', 'noble'],
  ])('seals with %s what the node checks with %s', (sealWith) => {
    const [sealer, checker] = sealWith === 'noble' ? [noble, sodium] : [sodium, noble];
    const { view, opened } = election(sealer);
    const sealing = sealingKeyOf(sealer, view);
    expect(sealing.base).toEqual(opened.base);
    const request = prepared();
    for (let choice = 0; choice < OPTIONS; choice++) {
      const { sealed, randomness } = sealChoiceFor(sealer, sealing, request, choice);
      expect(openChallenge(checker, sealing, sealed, randomness)).toBe(choice);
      const ballot = signSealedBallot(request, 'credential', sealed);
      expect(ballotChoiceProblem(checker, OPTIONS, opened, ballot)).toBeNull();
      expect(nodeSignatures.ed25519(ballot.ballot_key, sealedBallotMessage(ELECTION_ID, sealed), ballot.signature)).toBe(true);
    }
  });

  it('refuses a sealing key that is not a group element', () => {
    const { view } = election(sodium);
    expect(() => sealingKeyOf(sodium, { ...view, electionKey: bytesToBase64url(new Uint8Array(32)) })).toThrow('not a group element');
  });
});
