import type { Server } from 'node:http';
import request from 'supertest';
import type { ChainResponse, ErrorResponse } from '../../api/http';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { expectError, getJson } from './support/http';
import { arrayContaining } from '../support/matchers';

/**
 * Every malformed request gets a 4xx JSON `{ statusCode, error, message }`, never a 500 and never a
 * stored ballot, block or peer. One node serves every case; the last test checks nothing slipped in.
 */
describe('malformed requests', () => {
  let node: InProcessNode;
  let http: Server;

  beforeAll(async () => {
    node = await startInProcessNode();
    http = node.app.getHttpServer();
  });

  afterAll(() => node.stop());

  const VALID = { voter_id: 'VOID001', party: 'Democratic Party' };
  /** A secret ballot with its party in clear: no such transaction exists, since a secret election's choice is sealed. */
  const CLEAR_SECRET_BALLOT = { type: 'ballot', party: 'Democratic Party', ballot_key: 'AAAA', credential: 'AAAA', signature: 'AAAA' };
  /** A sealed ballot shaped as the wire wants it (43 base64url characters for each element and scalar), proving nothing. */
  const PART = 'A'.repeat(43);
  const ENTRY = { alpha: PART, beta: PART, c0: PART, c1: PART, v0: PART, v1: PART };
  const SEALED_BALLOT = {
    type: 'sealed-ballot',
    sealed: { entries: [ENTRY, ENTRY, ENTRY], sum_proof: { challenge: PART, response: PART } },
    ballot_key: 'AAAA',
    credential: 'AAAA',
    signature: 'AAAA',
  };

  describe('POST /new_transaction, JSON bodies', () => {
    const wrongTypes: [string, unknown][] = [
      ['a number', 123],
      ['zero', 0],
      ['a boolean', true],
      ['an array', ['VOID001']],
      ['an empty array', []],
      ['an object', { id: 'VOID001' }],
      ['null', null],
    ];
    const cases: { name: string; body: unknown; status?: number; error?: string; message?: string | string[] }[] = [
      { name: 'an empty object', body: {} },
      { name: 'voter_id missing', body: { party: VALID.party }, message: ['voter_id must be a string'] },
      { name: 'party missing', body: { voter_id: VALID.voter_id }, message: ['party must be a string'] },
      { name: 'an empty voter_id', body: { ...VALID, voter_id: '' } },
      { name: 'an empty party', body: { ...VALID, party: '' }, message: ['party should not be empty'] },
      ...wrongTypes.map(([what, value]) => ({ name: `voter_id as ${what}`, body: { ...VALID, voter_id: value } })),
      ...wrongTypes.map(([what, value]) => ({ name: `party as ${what}`, body: { ...VALID, party: value } })),
      { name: 'an unknown field', body: { ...VALID, extra: 1 }, message: ['property extra should not exist'] },
      { name: 'a client timestamp', body: { ...VALID, timestamp: 1 }, message: ['property timestamp should not exist'] },
      {
        name: 'a voter ID of 65 characters',
        body: { ...VALID, voter_id: 'V'.repeat(65) },
        message: ['voter_id must be shorter than or equal to 64 characters'],
      },
      { name: 'a voter ID with a space', body: { ...VALID, voter_id: 'VOID 001' } },
      { name: 'a voter ID starting with a dash', body: { ...VALID, voter_id: '-VOID001' } },
      { name: 'a voter ID with markup', body: { ...VALID, voter_id: '<script>alert(1)</script>' } },
      { name: 'a voter ID with a newline', body: { ...VALID, voter_id: 'VOID001\n' } },
      { name: 'a voter ID with a path', body: { ...VALID, voter_id: '../VOID001' } },
      { name: 'a voter ID with non-ASCII letters', body: { ...VALID, voter_id: 'VÖID001' } },
      { name: 'a party of 101 characters', body: { ...VALID, party: 'P'.repeat(101) } },
      // Well-formed but not in the election: 422, still nothing stored.
      { name: 'a blank party', body: { ...VALID, party: '   ' }, status: 422, error: 'unknown-party' },
      { name: 'a 64-character voter ID not on the roll', body: { ...VALID, voter_id: 'V'.repeat(64) }, status: 422, error: 'not-on-roll' },
    ];

    it.each(cases)('refuses $name', async ({ body, status = 400, error = 'bad-request', message }) => {
      expectError(
        await request(http)
          .post('/new_transaction')
          .send(body as object),
        status,
        error,
        message,
      );
    });

    it('lists every problem of a body, as an array of messages', async () => {
      const res = await request(http).post('/new_transaction').send({ voter_id: 7, party: null, x: 1 });
      expectError(res, 400, 'bad-request');
      expect((res.body as ErrorResponse).message).toEqual(
        arrayContaining(['voter_id must be a string', 'party must be a string', 'property x should not exist']),
      );
    });
  });

  describe('POST /new_transaction, bodies that are not a JSON object', () => {
    const raw = (body: string | Buffer, type: string) => request(http).post('/new_transaction').set('Content-Type', type).send(body);
    const cases: { name: string; send: () => request.Test; status: number; error: string; message: string }[] = [
      {
        name: 'a __proto__ field',
        send: () => raw('{"voter_id":"VOID001","party":"Democratic Party","__proto__":{"x":1}}', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'property __proto__ should not exist',
      },
      {
        name: 'a constructor field',
        send: () => raw('{"voter_id":"VOID001","party":"Democratic Party","constructor":{"x":1}}', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'property constructor should not exist',
      },
      {
        name: 'a JSON array',
        send: () => raw('[{"voter_id":"VOID001","party":"Democratic Party"}]', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'request body must be a JSON object',
      },
      {
        name: 'a JSON string',
        send: () => raw('"VOID001"', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'request body is not valid JSON',
      },
      {
        name: 'a JSON number',
        send: () => raw('42', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'request body is not valid JSON',
      },
      {
        name: 'JSON null',
        send: () => raw('null', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'request body is not valid JSON',
      },
      {
        name: 'invalid JSON',
        send: () => raw('{"voter_id": "VOID001",', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'request body is not valid JSON',
      },
      {
        name: 'JSON with a trailing comma',
        send: () => raw('{"voter_id":"VOID001","party":"Democratic Party",}', 'application/json'),
        status: 400,
        error: 'bad-request',
        message: 'request body is not valid JSON',
      },
      {
        name: 'a form-encoded body',
        send: () => request(http).post('/new_transaction').type('form').send('voter_id=VOID001&party=Democratic+Party'),
        status: 415,
        error: 'unsupported-media-type',
        message: 'send the body as application/json',
      },
      {
        name: 'a text/plain body',
        send: () => raw(JSON.stringify(VALID), 'text/plain'),
        status: 415,
        error: 'unsupported-media-type',
        message: 'send the body as application/json',
      },
      {
        name: 'an XML body',
        send: () => raw('<ballot/>', 'application/xml'),
        status: 415,
        error: 'unsupported-media-type',
        message: 'send the body as application/json',
      },
      {
        name: 'a multipart body',
        send: () => request(http).post('/new_transaction').field('voter_id', 'VOID001').field('party', 'Democratic Party'),
        status: 415,
        error: 'unsupported-media-type',
        message: 'send the body as application/json',
      },
      {
        name: 'a ballot body over 64 KB',
        send: () => raw(JSON.stringify({ voter_id: 'VOID001', party: 'x'.repeat(64 * 1024 + 1) }), 'application/json'),
        status: 413,
        error: 'payload-too-large',
        message: 'request body is larger than 64kb',
      },
      {
        name: 'a block body over 32 MB',
        send: () =>
          request(http)
            .post('/add_block')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify({ index: 1, transactions: 'x'.repeat(32 * 1024 * 1024 + 1) })),
        status: 413,
        error: 'payload-too-large',
        message: 'request body is larger than 32mb',
      },
    ];

    it.each(cases)('refuses $name with $status', async ({ send, status, error, message }) => {
      expectError(await send(), status, error, message);
    });

    it('refuses a missing body like an empty object', async () => {
      expectError(await request(http).post('/new_transaction'), 400, 'bad-request', [
        'voter_id must be a string',
        'party must be a string',
      ]);
    });

    it('refuses a JSON body in a charset it cannot read with 415 unsupported-media-type', async () => {
      // body-parser answers 415 for a charset other than UTF-8; the error code must say so.
      expectError(await raw(JSON.stringify(VALID), 'application/json; charset=latin1'), 415, 'unsupported-media-type');
    });
  });

  describe('POST /add_block', () => {
    const h = (c: string) => c.repeat(64);
    const BLOCK = {
      index: 1,
      transactions: [{ voter_id: 'VOID001', party: 'Democratic Party', timestamp: 1 }],
      timestamp: 2,
      previous_hash: h('a'),
      nonce: 0,
      hash: h('0'),
      difficulty: 2,
      merkle_root: h('b'),
    };
    const FIELDS = 'block must have exactly the fields index, transactions, timestamp, previous_hash, nonce, hash, difficulty, merkle_root';
    const BALLOT_FIELDS = 'an open ballot must have exactly the fields voter_id, party, timestamp';
    const without = (key: string) => Object.fromEntries(Object.entries(BLOCK).filter(([k]) => k !== key));
    const cases: { name: string; body: unknown; message: string }[] = [
      ...Object.keys(BLOCK).map((key) => ({ name: `a block without ${key}`, body: without(key), message: FIELDS })),
      { name: 'an empty object', body: {}, message: FIELDS },
      { name: 'an extra field', body: { ...BLOCK, miner: 'me' }, message: FIELDS },
      { name: 'the seed block without difficulty and merkle_root', body: without('difficulty'), message: FIELDS },
      { name: 'index as a string', body: { ...BLOCK, index: '1' }, message: 'index must be a non-negative integer' },
      { name: 'a negative index', body: { ...BLOCK, index: -1 }, message: 'index must be a non-negative integer' },
      { name: 'a fractional index', body: { ...BLOCK, index: 1.5 }, message: 'index must be a non-negative integer' },
      { name: 'an unsafe integer index', body: { ...BLOCK, index: 2 ** 60 }, message: 'index must be a non-negative integer' },
      { name: 'nonce as null', body: { ...BLOCK, nonce: null }, message: 'nonce must be a non-negative integer' },
      { name: 'difficulty as a string', body: { ...BLOCK, difficulty: '2' }, message: 'difficulty must be a non-negative integer' },
      {
        name: 'timestamp as a string',
        body: { ...BLOCK, timestamp: 'now' },
        message: 'timestamp must be a non-negative number of seconds',
      },
      { name: 'a negative timestamp', body: { ...BLOCK, timestamp: -1 }, message: 'timestamp must be a non-negative number of seconds' },
      { name: 'a short hash', body: { ...BLOCK, hash: 'abc' }, message: 'hash must be 64 lowercase hex digits' },
      { name: 'an upper-case hash', body: { ...BLOCK, hash: h('A') }, message: 'hash must be 64 lowercase hex digits' },
      { name: 'merkle_root as a number', body: { ...BLOCK, merkle_root: 5 }, message: 'merkle_root must be 64 lowercase hex digits' },
      {
        name: 'a previous_hash of 63 digits',
        body: { ...BLOCK, previous_hash: 'a'.repeat(63) },
        message: 'previous_hash must be 64 lowercase hex digits',
      },
      { name: 'transactions as an object', body: { ...BLOCK, transactions: {} }, message: 'transactions must be an array' },
      { name: 'transactions as null', body: { ...BLOCK, transactions: null }, message: 'transactions must be an array' },
      { name: 'a null ballot', body: { ...BLOCK, transactions: [null] }, message: 'every transaction must be an object' },
      { name: 'a ballot without party', body: { ...BLOCK, transactions: [{ voter_id: 'VOID001', timestamp: 1 }] }, message: BALLOT_FIELDS },
      {
        name: 'a ballot with an extra field',
        body: { ...BLOCK, transactions: [{ ...BLOCK.transactions[0], hash: h('c') }] },
        message: BALLOT_FIELDS,
      },
      {
        name: 'a ballot whose voter_id is a number',
        body: { ...BLOCK, transactions: [{ ...BLOCK.transactions[0], voter_id: 1 }] },
        message: 'voter_id must be a short string',
      },
      {
        name: 'a ballot whose voter_id is too long',
        body: { ...BLOCK, transactions: [{ ...BLOCK.transactions[0], voter_id: 'V'.repeat(65) }] },
        message: 'voter_id must be a short string',
      },
      {
        name: 'a ballot whose party is an array',
        body: { ...BLOCK, transactions: [{ ...BLOCK.transactions[0], party: ['x'] }] },
        message: 'party must be a short string',
      },
      {
        name: 'a ballot without a numeric timestamp',
        body: { ...BLOCK, transactions: [{ ...BLOCK.transactions[0], timestamp: '1' }] },
        message: 'ballot timestamp must be a non-negative number of seconds',
      },
      {
        name: 'a secret ballot with its party in clear',
        body: { ...BLOCK, transactions: [CLEAR_SECRET_BALLOT] },
        message: 'unknown transaction type',
      },
      {
        name: 'a sealed ballot with a short ciphertext',
        body: { ...BLOCK, transactions: [{ ...SEALED_BALLOT, sealed: { ...SEALED_BALLOT.sealed, entries: [{ ...ENTRY, beta: 'AA' }] } }] },
        message: 'every sealed entry is exactly { alpha, beta, c0, c1, v0, v1 }, each 43 base64url characters',
      },
    ];

    it.each(cases)('refuses $name with 400', async ({ body, message }) => {
      expectError(
        await request(http)
          .post('/add_block')
          .send(body as object),
        400,
        'bad-request',
        message,
      );
    });

    it('refuses a missing body and a JSON array body', async () => {
      expectError(await request(http).post('/add_block'), 400, 'bad-request', 'block must be an object');
      expectError(await request(http).post('/add_block').send([BLOCK]), 400, 'bad-request', 'request body must be a JSON object');
    });

    it('refuses a well-shaped block that breaks a rule with 422 and its reason', async () => {
      expectError(await request(http).post('/add_block').send(BLOCK), 422, 'hash-mismatch', 'hash does not match the block header');
      expectError(
        await request(http)
          .post('/add_block')
          .send({ ...BLOCK, difficulty: 1 }),
        422,
        'difficulty-mismatch',
      );
      expectError(
        await request(http)
          .post('/add_block')
          .send({ ...BLOCK, transactions: [] }),
        422,
        'empty-block',
      );
      expectError(
        await request(http)
          .post('/add_block')
          .send({ ...BLOCK, timestamp: 1e15 }),
        422,
        'timestamp-in-future',
      );
    });
  });

  describe('POST /register_node and /register_with', () => {
    const cases: { name: string; body: unknown; message?: string | RegExp | string[] }[] = [
      { name: 'an empty object', body: {}, message: ['node_address must be a string'] },
      { name: 'an empty address', body: { node_address: '' }, message: ['node_address should not be empty'] },
      { name: 'a number', body: { node_address: 8001 }, message: ['node_address must be a string'] },
      { name: 'null', body: { node_address: null } },
      { name: 'an array of addresses', body: { node_address: ['http://127.0.0.1:8001'] } },
      { name: 'an object', body: { node_address: { url: 'http://127.0.0.1:8001' } } },
      {
        name: 'an unknown field',
        body: { node_address: 'http://127.0.0.1:8001', force: true },
        message: ['property force should not exist'],
      },
      { name: 'an address over 2048 characters', body: { node_address: `http://${'a'.repeat(2050)}.com` } },
      { name: 'a blank address', body: { node_address: '   ' }, message: 'node_address: node address must be a non-empty URL' },
      { name: 'text that is not a URL', body: { node_address: 'not a url' }, message: /^node_address: "not a url" is not a URL/ },
      {
        name: 'a host and port without scheme',
        body: { node_address: '127.0.0.1:8001' },
        message: 'node_address: "127.0.0.1:8001" is not a URL such as http://127.0.0.1:8001',
      },
      { name: 'an ftp URL', body: { node_address: 'ftp://127.0.0.1:21' }, message: 'node_address: node address must use http or https' },
      { name: 'a file URL', body: { node_address: 'file:///etc/passwd' }, message: 'node_address: node address must use http or https' },
      {
        name: 'a javascript URL',
        body: { node_address: 'javascript:alert(1)' },
        message: 'node_address: node address must use http or https',
      },
      {
        name: 'a URL with a path',
        body: { node_address: 'http://127.0.0.1:8001/chain' },
        message: /^node_address: node address must be an origin/,
      },
      {
        name: 'a URL with a query',
        body: { node_address: 'http://127.0.0.1:8001/?x=1' },
        message: /^node_address: node address must be an origin/,
      },
      {
        name: 'a URL with a fragment',
        body: { node_address: 'http://127.0.0.1:8001#x' },
        message: /^node_address: node address must be an origin/,
      },
      {
        name: 'a URL with credentials',
        body: { node_address: 'http://user:secret@127.0.0.1:8001' },
        message: 'node_address: node address must not carry credentials',
      },
      {
        name: 'a URL with a user name',
        body: { node_address: 'http://user@127.0.0.1:8001' },
        message: 'node_address: node address must not carry credentials',
      },
    ];

    // /register_with is an admin request: the token goes with it, so the body is what gets refused.
    describe.each(['/register_node', '/register_with'])('%s', (path) => {
      it.each(cases)('refuses $name with 400', async ({ body, message }) => {
        expectError(
          await request(http)
            .post(path)
            .set(adminAuth())
            .send(body as object),
          400,
          'bad-request',
          message,
        );
      });

      it('refuses a JSON array body and a form body', async () => {
        expectError(
          await request(http).post(path).send(['http://127.0.0.1:8001']),
          400,
          'bad-request',
          'request body must be a JSON object',
        );
        expectError(await request(http).post(path).type('form').send('node_address=http://127.0.0.1:8001'), 415, 'unsupported-media-type');
      });
    });
  });

  describe('POST /api/gossip/ballots', () => {
    const ok = { voter_id: 'VOID001', party: 'Democratic Party', timestamp: 1 };
    it.each([
      { name: 'no ballots field', body: {} },
      { name: 'ballots as a string', body: { ballots: 'x' } },
      { name: 'a null ballot', body: { ballots: [null] } },
      { name: 'a ballot as a string', body: { ballots: ['VOID001'] } },
      { name: 'a ballot with a numeric voter_id', body: { ballots: [{ ...ok, voter_id: 1 }] } },
      { name: 'a ballot without timestamp', body: { ballots: [{ voter_id: 'VOID001', party: 'Democratic Party' }] } },
      { name: 'a ballot with a negative timestamp', body: { ballots: [{ ...ok, timestamp: -5 }] } },
      { name: 'a ballot with an extra field', body: { ballots: [{ ...ok, extra: true }] } },
      { name: 'more than 10 000 ballots', body: { ballots: Array.from({ length: 10_001 }, () => ok) } },
      { name: 'a sealed ballot without its signature', body: { ballots: [{ ...SEALED_BALLOT, signature: undefined }] } },
      { name: 'a sealed ballot whose key is not base64url', body: { ballots: [{ ...SEALED_BALLOT, ballot_key: 'a+b/' }] } },
      {
        name: 'a sealed ballot without entries',
        body: { ballots: [{ ...SEALED_BALLOT, sealed: { ...SEALED_BALLOT.sealed, entries: [] } }] },
      },
      { name: 'a transaction of an unknown type', body: { ballots: [{ type: 'vote', party: 'Democratic Party' }] } },
      {
        name: 'a credential record with a short voter tag',
        body: { ballots: [{ type: 'credential', voter_tag: 'abc', roll_proof: [], signature: 'AA' }] },
      },
      {
        name: 'a credential record with a bad proof step',
        body: {
          ballots: [{ type: 'credential', voter_tag: 'a'.repeat(64), roll_proof: [{ side: 'up', hash: 'a'.repeat(64) }], signature: 'AA' }],
        },
      },
      { name: 'an open transaction with an extra field', body: { ballots: [{ type: 'open', timestamp: 1, signature: 'AA', by: 'me' }] } },
      { name: 'a close transaction with a string timestamp', body: { ballots: [{ type: 'close', timestamp: '1', signature: 'AA' }] } },
    ])('refuses $name with 400', async ({ body }) => {
      expectError(await request(http).post('/api/gossip/ballots').send(body), 400, 'bad-request');
    });
  });

  describe('POST /api/sealed-ballots', () => {
    const FIELDS = 'a sealed ballot must have exactly the fields type, sealed, ballot_key, credential, signature';
    it.each([
      { name: 'an empty object', body: {} },
      { name: 'another type', body: { ...SEALED_BALLOT, type: 'open' } },
      { name: 'no type', body: { ...SEALED_BALLOT, type: undefined } },
      { name: 'an open ballot', body: { ...VALID, timestamp: 1 }, message: 'this route takes sealed-ballot transactions' },
      {
        name: 'a trustee’s step',
        body: { type: 'trustee-complaint', trustee: 1, against: 2, signature: 'AAAA' },
        message: 'this route takes sealed-ballot transactions',
      },
      { name: 'a party in clear beside the sealed choice', body: { ...SEALED_BALLOT, party: 'Democratic Party' }, message: FIELDS },
      { name: 'a voter ID beside the ballot', body: { ...SEALED_BALLOT, voter_id: 'VOID001' }, message: FIELDS },
      {
        name: 'a ballot key in base64 with padding',
        body: { ...SEALED_BALLOT, ballot_key: 'AA==' },
        message: 'ballot_key must be base64url',
      },
      { name: 'a credential as a number', body: { ...SEALED_BALLOT, credential: 5 }, message: 'credential must be base64url' },
      { name: 'a signature with a slash', body: { ...SEALED_BALLOT, signature: 'a/b' }, message: 'signature must be base64url' },
      {
        name: 'a sealed choice as a string',
        body: { ...SEALED_BALLOT, sealed: 'Democratic Party' },
        message: 'sealed must be exactly { entries, sum_proof }',
      },
      {
        name: 'an entry with a field too many',
        body: { ...SEALED_BALLOT, sealed: { ...SEALED_BALLOT.sealed, entries: [{ ...ENTRY, party: 'Democratic Party' }] } },
        message: 'every sealed entry is exactly { alpha, beta, c0, c1, v0, v1 }, each 43 base64url characters',
      },
      {
        name: 'a sum proof without its response',
        body: { ...SEALED_BALLOT, sealed: { ...SEALED_BALLOT.sealed, sum_proof: { challenge: PART } } },
        message: 'sealed.sum_proof must be { challenge, response }, each 43 base64url characters',
      },
    ])('refuses $name with 400', async ({ body, message }) => {
      expectError(await request(http).post('/api/sealed-ballots').send(body), 400, 'bad-request', message);
    });

    it('judges a well-shaped sealed ballot by the rules: this election takes open ballots', async () => {
      expectError(await request(http).post('/api/sealed-ballots').send(SEALED_BALLOT), 422, 'wrong-scheme');
    });
  });

  describe('a secret ballot with its party in clear', () => {
    it.each([
      ['/new_transaction', CLEAR_SECRET_BALLOT, undefined],
      ['/api/sealed-ballots', CLEAR_SECRET_BALLOT, 'unknown transaction type'],
      ['/api/trustees/transactions', CLEAR_SECRET_BALLOT, 'unknown transaction type'],
      ['/api/gossip/ballots', { ballots: [CLEAR_SECRET_BALLOT] }, undefined],
    ])('is no transaction: POST %s refuses it with 400', async (url, body, message) => {
      expectError(await request(http).post(url).send(body), 400, 'bad-request', message);
    });

    it('has no route of its own: POST /api/ballots is 404 JSON', async () => {
      expectError(await request(http).post('/api/ballots').send(CLEAR_SECRET_BALLOT), 404, 'not-found', 'Cannot POST /api/ballots');
    });
  });

  describe.each(['/api/credentials', '/api/credentials/check'])('POST %s', (path) => {
    const OK = { voter_id: 'VOID001', code: 'ABCD-EFGH-JKMN-PQRS', blinded_message: 'AAAA' };
    it.each([
      { name: 'an empty object', body: {} },
      { name: 'a malformed voter ID', body: { ...OK, voter_id: 'VOID 001' } },
      {
        name: 'a code of 65 characters',
        body: { ...OK, code: 'A'.repeat(65) },
        message: ['code must be shorter than or equal to 64 characters'],
      },
      { name: 'a code as a number', body: { ...OK, code: 1234 }, message: ['code must be a string'] },
      {
        name: 'a blinded message that is not base64url',
        body: { ...OK, blinded_message: 'not base64!' },
        message: ['blinded_message must be base64url'],
      },
      { name: 'an extra field', body: { ...OK, ballot_key: 'AAAA' }, message: ['property ballot_key should not exist'] },
    ])('refuses $name with 400', async ({ body, message }) => {
      expectError(await request(http).post(path).send(body), 400, 'bad-request', message);
    });
  });

  describe('deeply nested JSON (about 30 KB)', () => {
    // 5 000 levels of {"a": ...}: small, valid JSON that no field of any endpoint accepts.
    const deep = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    it.each([
      ['/new_transaction', 'in voter_id', `{"voter_id":${deep},"party":"Democratic Party"}`],
      ['/new_transaction', 'in an unknown field', `{"voter_id":"VOID001","party":"Democratic Party","extra":${deep}}`],
      ['/register_node', 'in node_address', `{"node_address":${deep}}`],
      ['/register_with', 'in node_address', `{"node_address":${deep}}`],
      ['/api/gossip/ballots', 'as a ballot', `{"ballots":[${deep}]}`],
      ['/add_block', 'in index', `{"index":${deep}}`],
      ['/api/sealed-ballots', 'in sealed', `{"type":"sealed-ballot","sealed":${deep}}`],
      ['/api/credentials', 'in code', `{"voter_id":"VOID001","code":${deep}}`],
    ])('POST %s with it %s → 400, not 500', async (url, _where, body) => {
      expectError(await request(http).post(url).set('Content-Type', 'application/json').send(body), 400, 'bad-request');
    });
  });

  describe('query and path parameters', () => {
    it.each([
      ['/chain?from=abc', 'from must be an integer from 0 to 9007199254740991'],
      ['/chain?from=-1', 'from must be an integer from 0 to 9007199254740991'],
      ['/chain?from=1.5', 'from must be an integer from 0 to 9007199254740991'],
      ['/chain?from=1&from=2', 'from must be an integer from 0 to 9007199254740991'],
      ['/chain?limit=abc', 'limit must be an integer from 0 to 9007199254740991'],
      ['/chain?limit=-3', 'limit must be an integer from 0 to 9007199254740991'],
      ['/chain?from=99999999999999999999', 'from must be an integer from 0 to 9007199254740991'],
      ['/pending_tx?limit=abc', 'limit must be an integer from 0 to 9007199254740991'],
      ['/api/blocks?limit=0', 'limit must be an integer from 1 to 100'],
      ['/api/blocks?limit=101', 'limit must be an integer from 1 to 100'],
      ['/api/blocks?limit=abc', 'limit must be an integer from 1 to 100'],
      ['/api/blocks?before=abc', 'before must be an integer from -1 to 9007199254740991'],
      ['/api/blocks?before=-2', 'before must be an integer from -1 to 9007199254740991'],
      ['/api/blocks/xyz', 'index must be an integer from 0 to 9007199254740991'],
      ['/api/blocks/-1', 'index must be an integer from 0 to 9007199254740991'],
      ['/api/blocks/1.5', 'index must be an integer from 0 to 9007199254740991'],
      ['/api/ballots/VOID%20001', 'malformed voter ID'],
      [`/api/ballots/${'V'.repeat(65)}`, 'malformed voter ID'],
      ['/api/ballots/-VOID001', 'malformed voter ID'],
      ['/api/receipts/xyz', 'a tracking code is 64 lowercase hex digits'],
      [`/api/receipts/${'A'.repeat(64)}`, 'a tracking code is 64 lowercase hex digits'],
      [`/api/receipts/${'a'.repeat(63)}`, 'a tracking code is 64 lowercase hex digits'],
      ['/api/headers/abc', 'index must be an integer from 0 to 9007199254740991'],
      ['/api/headers/-1', 'index must be an integer from 0 to 9007199254740991'],
    ])('GET %s → 400', async (url, message) => {
      expectError(await request(http).get(url), 400, 'bad-request', message);
    });

    it('answers 404 for a block index past the tip', async () => {
      expectError(await request(http).get('/api/blocks/999'), 404, 'not-found', 'no block at index 999');
      expectError(await request(http).get('/api/blocks/1'), 404, 'not-found', 'no block at index 1');
      expectError(await request(http).get('/api/headers/1'), 404, 'not-found', 'no block at index 1');
    });
  });

  describe('unknown routes and methods', () => {
    it.each([
      ['get', '/api/nope'],
      ['get', '/api/blocks/1/ballots'],
      ['post', '/nope'],
      ['post', '/api/nope'],
      ['get', '/new_transaction'],
      ['post', '/mine'],
      ['post', '/chain'],
      ['delete', '/chain'],
      ['put', '/new_transaction'],
      ['patch', '/add_block'],
      ['get', '/register_with'],
      ['get', '/api/admin/open'],
      ['get', '/api/credentials'],
      // Election creation exists only on a node in setup mode.
      ['post', '/api/admin/election'],
    ] as const)('%s %s → 404 JSON', async (method, url) => {
      expectError(await request(http)[method](url), 404, 'not-found', `Cannot ${method.toUpperCase()} ${url}`);
    });
  });

  it('stored nothing: no pending ballot, no block, no peer', async () => {
    expect((await request(http).get('/pending_tx').expect(200)).body).toEqual([]);
    const chain = await getJson<ChainResponse>(http, '/chain');
    expect(chain.length).toBe(1);
    expect(chain.peers).toEqual([]);
    expect((await request(http).get('/api/status').expect(200)).body).toMatchObject({ height: 0, pending: 0, peers: 0 });
  });
});
