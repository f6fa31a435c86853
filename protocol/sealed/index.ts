export * from './group';
export * from './challenge';
export * from './base-hash';
export * from './elgamal';
export * from './proofs';
export * from './sealed-choice';
export * from './threshold';
export * from './discrete-log';
