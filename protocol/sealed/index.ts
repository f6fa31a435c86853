export * from './group';
export * from './challenge';
export * from './elgamal';
export * from './proofs';
export * from './sealed-choice';
