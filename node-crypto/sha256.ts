import { createHash, hash } from 'node:crypto';
import type { HashFn } from '../protocol';

/** node:crypto's one-shot `hash` (Node >= 20.12) is the fast path; createHash is the fallback. */
export const sha256: HashFn =
  typeof hash === 'function' ? (data) => hash('sha256', data, 'hex') : (data) => createHash('sha256').update(data).digest('hex');
