import {
  credentialMessage,
  credentialRecordMessage,
  lifecycleMessage,
  PROTOCOL_VERSION,
  type SealedChoice,
  sealedBallotMessage,
} from '../../protocol';

const ID = 'e'.repeat(64);
const SEALED: SealedChoice = {
  entries: [{ alpha: 'a', beta: 'b', c0: 'c', c1: 'd', v0: 'e', v1: 'f' }],
  sum_proof: { challenge: 'g', response: 'h' },
};

describe('signed messages', () => {
  it.each<[string, string, unknown[]]>([
    [
      'sealedBallotMessage',
      sealedBallotMessage(ID, SEALED),
      [PROTOCOL_VERSION, 'sealed-ballot', ID, [[['a', 'b', 'c', 'd', 'e', 'f']], ['g', 'h']]],
    ],
    ['credentialMessage', credentialMessage(ID, 'key'), [PROTOCOL_VERSION, 'credential', ID, 'key']],
    ['credentialRecordMessage', credentialRecordMessage(ID, 'tag'), [PROTOCOL_VERSION, 'credential-issued', ID, 'tag']],
    ['lifecycleMessage open', lifecycleMessage(ID, 'open', 5), [PROTOCOL_VERSION, 'open', ID, 5]],
    ['lifecycleMessage open, with the election key', lifecycleMessage(ID, 'open', 5, 'K'), [PROTOCOL_VERSION, 'open', ID, 5, 'K']],
    ['lifecycleMessage close', lifecycleMessage(ID, 'close', 5), [PROTOCOL_VERSION, 'close', ID, 5]],
  ])('%s names the protocol, its purpose and the election', (_name, message, expected) => {
    expect(JSON.parse(message)).toEqual(expected);
  });

  it('never gives two purposes the same text, even with the same arguments', () => {
    const x = 'open';
    const messages = [
      sealedBallotMessage(ID, { entries: [], sum_proof: { challenge: x, response: x } }),
      credentialMessage(ID, x),
      credentialRecordMessage(ID, x),
      lifecycleMessage(ID, 'open', 0),
      lifecycleMessage(ID, 'close', 0),
    ];
    expect(new Set(messages).size).toBe(messages.length);
  });

  it.each<[string, (id: string) => string]>([
    ['sealedBallotMessage', (id) => sealedBallotMessage(id, SEALED)],
    ['credentialMessage', (id) => credentialMessage(id, 'key')],
    ['credentialRecordMessage', (id) => credentialRecordMessage(id, 'tag')],
    ['lifecycleMessage', (id) => lifecycleMessage(id, 'open', 1)],
  ])('%s differs between elections', (_name, message) => {
    expect(message(ID)).not.toBe(message('f'.repeat(64)));
  });

  it('lifecycleMessage covers the timestamp and the election key', () => {
    expect(lifecycleMessage(ID, 'close', 1)).not.toBe(lifecycleMessage(ID, 'close', 2));
    expect(lifecycleMessage(ID, 'open', 1, 'K')).not.toBe(lifecycleMessage(ID, 'open', 1, 'L'));
    expect(lifecycleMessage(ID, 'open', 1, 'K')).not.toBe(lifecycleMessage(ID, 'open', 1));
  });

  it('sealedBallotMessage covers every part of the sealed choice', () => {
    const entry = SEALED.entries[0];
    const changed: SealedChoice[] = [
      ...Object.keys(entry).map((k) => ({ ...SEALED, entries: [{ ...entry, [k]: 'x' }] })),
      { ...SEALED, entries: [entry, entry] },
      { ...SEALED, sum_proof: { ...SEALED.sum_proof, challenge: 'x' } },
      { ...SEALED, sum_proof: { ...SEALED.sum_proof, response: 'x' } },
    ];
    for (const other of changed) expect(sealedBallotMessage(ID, other)).not.toBe(sealedBallotMessage(ID, SEALED));
  });
});
