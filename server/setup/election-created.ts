/** Called by the setup app once the election exists, so the node can start its full services. */
export const ELECTION_CREATED = Symbol('ELECTION_CREATED');
export type ElectionCreatedListener = () => void;
