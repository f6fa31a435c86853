import type { ElectionInfo } from '@api/http';

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

/** A secret election run by this node's authority, open for voting. */
export function secretElection(overrides: Partial<ElectionInfo> = {}): ElectionInfo {
  return electionInfo({
    scheme: 'secret',
    roll_size: 3,
    authority: { signing_key: 'signing-key', credential_key: 'credential-key' },
    is_authority: true,
    ...overrides,
  });
}
