import type { Election, ElectionDefinition } from '../../protocol';

/** The seed's demo: its three parties and fifteen sample voter IDs, open scheme. */
export const SEED_DEMO: Readonly<ElectionDefinition> = Object.freeze({
  title: 'Demo election',
  parties: ['Democratic Party', 'Republican Party', 'Socialist party'],
  voters: Array.from({ length: 15 }, (_, i) => `VOID${String(i + 1).padStart(3, '0')}`),
  difficulty: 2,
});

/** The demo (`npm start`) is sealed, with trustees its node holds (server/setup/demo-trustees.ts). */
export const DEMO_TRUSTEES = 3;
/** Any two of the three decrypt: the demo shows that a missing trustee does not block the result. */
export const DEMO_THRESHOLD = 2;

/** The seed's demo as an open election without an authority: open from genesis, as the seed ran. */
export const DEMO_ELECTION: Readonly<Election> = Object.freeze({ ...SEED_DEMO, scheme: 'open' as const });
