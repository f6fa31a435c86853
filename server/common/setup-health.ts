/** GET /health of a node that waits for an admin to create its election: alive, with no chain yet. */
export interface SetupHealth {
  status: 'ok';
  phase: 'setup';
  uptime_s: number;
}
