'use strict';
/*
 * The authority's secrets as the node keeps them (server/authority/authority.store.ts), read straight from
 * the node's SQLite file, read-only, while the node runs (WAL lets a reader beside the writer). Only the
 * benchmark does this: it stands in for the voters' browsers, which get their credentials by blind
 * signature instead.
 */
const path = require('node:path');
const Database = require('better-sqlite3');

function withReadOnly(dataDir, read) {
  const db = new Database(path.join(dataDir, 'ballotchain.db'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `{ signing, credential }`: PKCS#8 DER, base64url. */
function readAuthorityKeys(dataDir) {
  return withReadOnly(dataDir, (db) => {
    const key = db.prepare('SELECT value FROM authority_keys WHERE name = ?').pluck();
    const signing = key.get('signing');
    const credential = key.get('credential');
    if (!signing || !credential) throw new Error(`no authority keys in ${dataDir}/ballotchain.db: is this node the authority?`);
    return { signing, credential };
  });
}

/** Every voter's tag and roll proof (the JSON text stored), in voter ID order. */
function readRoll(dataDir) {
  return withReadOnly(dataDir, (db) => db.prepare('SELECT tag, roll_proof FROM roll ORDER BY voter_id').all());
}

module.exports = { readAuthorityKeys, readRoll };
