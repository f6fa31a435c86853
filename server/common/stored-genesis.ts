import type { Block } from '../../protocol';
import { type Db, readMeta } from './database';

/** The genesis block this data dir holds, if an election was established in it. */
export function storedGenesis(db: Db): Block | undefined {
  const json = readMeta(db, 'genesis');
  return json === undefined ? undefined : (JSON.parse(json) as Block);
}
