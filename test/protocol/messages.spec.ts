import { ballotMessage, credentialMessage, credentialRecordMessage, lifecycleMessage, PROTOCOL_VERSION } from '../../protocol';

const ID = 'e'.repeat(64);

describe('signed messages', () => {
  it.each<[string, string, unknown[]]>([
    ['ballotMessage', ballotMessage(ID, 'Red'), [PROTOCOL_VERSION, 'ballot', ID, 'Red']],
    ['credentialMessage', credentialMessage(ID, 'key'), [PROTOCOL_VERSION, 'credential', ID, 'key']],
    ['credentialRecordMessage', credentialRecordMessage(ID, 'tag'), [PROTOCOL_VERSION, 'credential-issued', ID, 'tag']],
    ['lifecycleMessage open', lifecycleMessage(ID, 'open', 5), [PROTOCOL_VERSION, 'open', ID, 5]],
    ['lifecycleMessage close', lifecycleMessage(ID, 'close', 5), [PROTOCOL_VERSION, 'close', ID, 5]],
  ])('%s names the protocol, its purpose and the election', (_name, message, expected) => {
    expect(JSON.parse(message)).toEqual(expected);
  });

  it('never gives two purposes the same text, even with the same arguments', () => {
    const x = 'open';
    const messages = [
      ballotMessage(ID, x),
      credentialMessage(ID, x),
      credentialRecordMessage(ID, x),
      lifecycleMessage(ID, 'open', 0),
      lifecycleMessage(ID, 'close', 0),
    ];
    expect(new Set(messages).size).toBe(messages.length);
  });

  it.each<[string, (id: string) => string]>([
    ['ballotMessage', (id) => ballotMessage(id, 'Red')],
    ['credentialMessage', (id) => credentialMessage(id, 'key')],
    ['credentialRecordMessage', (id) => credentialRecordMessage(id, 'tag')],
    ['lifecycleMessage', (id) => lifecycleMessage(id, 'open', 1)],
  ])('%s differs between elections', (_name, message) => {
    expect(message(ID)).not.toBe(message('f'.repeat(64)));
  });

  it('lifecycleMessage covers the timestamp', () => {
    expect(lifecycleMessage(ID, 'close', 1)).not.toBe(lifecycleMessage(ID, 'close', 2));
  });
});
