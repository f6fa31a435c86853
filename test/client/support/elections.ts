import type { ElectionInfo, SealedStatus } from '@api/http';
import type { AuthorityKeys, TrusteeSpec } from '@protocol/types';

/** An election as GET /api/election serves it; each test overrides what it is about. */
export function electionInfo(overrides: Partial<ElectionInfo> = {}): ElectionInfo {
  const base: ElectionInfo = {
    phase: 'open',
    election_id: 'e1'.padEnd(64, '0'),
    title: 'Board election 2026',
    parties: ['Red', 'Green', 'Blue'],
    difficulty: 2,
    scheme: 'open',
    sealed: null,
    roll_size: null,
    credentials_issued: 0,
    ballots_cast: 0,
    pending: 0,
    height: 0,
    authority: null,
    is_authority: false,
    manifest: { title: 'Board election 2026', parties: ['Red', 'Green', 'Blue'], difficulty: 2, scheme: 'open' },
  };
  return { ...base, ...overrides };
}

const TRUSTEES: TrusteeSpec[] = [1, 2, 3].map((i) => ({
  name: `Trustee ${i}`,
  signing_key: `signing-key-${i}`,
  share_key: `share-key-${i}`,
}));

/**
 * Where a secret election's sealing stands: the ceremony of its three trustees complete, and once it is
 * open, the key the opening named (keys and commitments need not be real: the fake voter kits do not use them).
 */
export function sealedStatus(phase: ElectionInfo['phase'], overrides: Partial<SealedStatus> = {}): SealedStatus {
  return {
    threshold: 2,
    ceremony: 'complete',
    waiting_for: [],
    faulty: [],
    election_key: 'election-key',
    opened_with: phase === 'draft' ? null : 'election-key',
    commitments: TRUSTEES.map((_, i) => [`commitment-${i + 1}-0`, `commitment-${i + 1}-1`]),
    blank: false,
    trustees: TRUSTEES.map((t, i) => ({
      index: i + 1,
      name: t.name,
      committed: true,
      shared: true,
      complained_about: [],
      decrypted: false,
    })),
    demo_trustees: false,
    ...overrides,
  };
}

/** A secret election run by this node's authority, open for voting; sealed, as every secret election is. */
export function secretElection(overrides: Partial<ElectionInfo> = {}): ElectionInfo {
  const authority: AuthorityKeys = { signing_key: 'signing-key', credential_key: 'credential-key' };
  const phase = overrides.phase ?? 'open';
  return electionInfo({
    scheme: 'secret',
    roll_size: 3,
    authority,
    is_authority: true,
    sealed: sealedStatus(phase),
    manifest: {
      title: 'Board election 2026',
      parties: ['Red', 'Green', 'Blue'],
      difficulty: 2,
      scheme: 'secret',
      roll: { size: 3, root: 'r'.repeat(64) },
      authority,
      sealed: { threshold: 2, trustees: TRUSTEES, blank: false },
    },
    ...overrides,
  });
}
