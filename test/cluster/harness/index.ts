/*
 * What the cluster specs use: real node processes (node-process.ts) behind partition proxies
 * (partition-proxy.ts), started together as a cluster (cluster.ts), reached over HTTP (http.ts), and
 * the protocol's own checks on the chains they serve (chain-checks.ts).
 */
export { sha256 } from '../../../node-crypto/sha256';
export * from './chain-checks';
export * from './cluster';
export * from './http';
export * from './node-process';
export * from './partition-proxy';
