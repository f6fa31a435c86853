import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { BlockSummary, ElectionInfo, SetupInfo } from '@api/http';
import { genesisBlock } from '@protocol/election';
import { countByKind } from '@protocol/transaction-kinds';
import type { Block, Election, Transaction } from '@protocol/types';
import { ExplorerPage } from '../../../client/app/explorer/explorer-page';
import { browserSha256 } from '../../../client/app/shared/browser-sha256';
import { click, query, text } from '../support/dom';
import { electionInfo, secretElection } from '../support/elections';
import { nodeError } from '../support/http';

/** A well-formed 32-byte key in canonical base64url: its last character carries 4 bits and two zero bits. */
const key32 = (c: string) => c.repeat(42) + 'A';
const hex = (c: string) => c.repeat(64);

/** A sealed secret election's manifest, as its genesis block carries it. */
const SECRET_MANIFEST: Election = {
  title: 'Board election 2026',
  parties: ['Red', 'Green'],
  difficulty: 2,
  scheme: 'secret',
  roll: { size: 15, root: hex('a') },
  authority: { signing_key: key32('S'), credential_key: 'MIIB' + 'C'.repeat(60) },
  sealed: {
    threshold: 2,
    blank: true,
    trustees: [
      { name: 'Ada', signing_key: key32('A'), share_key: key32('B') },
      { name: 'Bo', signing_key: key32('D'), share_key: key32('E') },
      { name: 'Cyd', signing_key: key32('F'), share_key: key32('G') },
    ],
  },
};

const OPEN_MANIFEST: Election = {
  title: 'Open vote',
  parties: ['Red', 'Green'],
  difficulty: 0,
  scheme: 'open',
  voters: ['V1', 'V2', 'V3'],
};

/** A block's summary as GET /api/blocks gives it: what it holds, counted by the node. */
function summary(block: Pick<Block, 'index' | 'hash' | 'transactions'>): BlockSummary {
  const contents = countByKind(block.transactions);
  return {
    index: block.index,
    hash: block.hash,
    previous_hash: hex('b'),
    timestamp: 1_764_000_000,
    nonce: 1,
    difficulty: 2,
    merkle_root: hex('c'),
    ballots: contents.find((c) => c.kind === 'ballot')?.count ?? 0,
    contents,
  };
}

function mined(index: number, transactions: Transaction[]): Block {
  return {
    index,
    timestamp: 1_764_000_000,
    previous_hash: hex('1'),
    nonce: 7,
    difficulty: 2,
    merkle_root: hex('2'),
    hash: `${index}`.padEnd(64, '3'),
    transactions,
  };
}

const credential = (n: number): Transaction => ({ type: 'credential', voter_tag: `${n}`.padEnd(64, 'f'), roll_proof: [], signature: 's' });
const close: Transaction = { type: 'close', timestamp: 1_764_000_100, signature: 's' };
const commitment = { type: 'trustee-commitments' } as unknown as Transaction;
const open: Transaction = { type: 'open', timestamp: 1_764_000_000, signature: 's', election_key: 'k' };
const sealedBallot = (n: number): Transaction => ({
  type: 'sealed-ballot',
  sealed: { entries: [], sum_proof: { challenge: 'c', response: 'r' } },
  ballot_key: key32(`${n}`),
  credential: 'c',
  signature: 's',
});

describe('ExplorerPage: what blocks hold', () => {
  let fixture: ComponentFixture<ExplorerPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function start(election: ElectionInfo | SetupInfo): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    fixture = TestBed.createComponent(ExplorerPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/election').flush(election);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const rowText = (index: number) => text(el, `.block-row[data-index="${index}"] .block-row__contents`);

  it('says plainly that there is no election yet, and asks the node for no blocks', async () => {
    await start({ phase: 'setup' });
    expect(text(el, '#explorer-no-election h2')).toBe('No election yet');
    expect(text(el, '#explorer-no-election')).toContain('This node has no election yet, so there are no blocks to explore.');
    expect(query(el, '#explorer-no-election a').getAttribute('href')).toBe('/admin');
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(el.querySelector('.block-list')).toBeNull();
  });

  it('says when the election could not be loaded, and tries again on demand', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    fixture = TestBed.createComponent(ExplorerPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/election').flush(...nodeError(503, 'storage-unavailable', 'The node cannot read its database'));
    await fixture.whenStable();
    expect(text(el, '[role="alert"]')).toBe(
      'The election could not be loaded: The node cannot read its database (HTTP 503, storage-unavailable)',
    );
    click(el, '#explorer-retry');
    http.expectOne('/api/election').flush(electionInfo());
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/blocks').flush({ height: 0, blocks: [] });
    await fixture.whenStable();
    expect(el.querySelector('[role="alert"]')).toBeNull();
  });

  it('lists what each block holds, by kind, from the summaries alone, and the genesis block as the manifest', async () => {
    await start(secretElection());
    const genesis = genesisBlock(SECRET_MANIFEST, browserSha256);
    const blocks = [
      mined(4, [credential(1), sealedBallot(1), close]),
      mined(3, [credential(1), credential(2), credential(3)]),
      mined(2, [open]),
      mined(1, [commitment]),
    ];
    http.expectOne((r) => r.url === '/api/blocks').flush({ height: 4, blocks: [...blocks.map(summary), summary(genesis)] });
    await fixture.whenStable();

    expect(rowText(4)).toBe('1 credential, 1 ballot, election closed');
    expect(rowText(3)).toBe('3 credentials');
    expect(rowText(2)).toBe('election opened');
    expect(rowText(1)).toBe('1 key ceremony step');
    expect(rowText(0)).toBe('election manifest');
    expect(text(el, '.block-row[data-index="0"] .block-row__time')).toBe('Genesis block: not mined');
    expect(el.textContent).not.toMatch(/0 ballots/);
    // No block is fetched to say what it holds: a block of 10 000 credentials is megabytes.
    http.verify();
  });

  it('opens a block with what it holds, by kind, and names the key column by what it holds', async () => {
    await start(secretElection());
    const blocks = [mined(9, [credential(1), sealedBallot(1), sealedBallot(2)]), mined(8, [open])];
    http.expectOne((r) => r.url === '/api/blocks').flush({ height: 9, blocks: blocks.map(summary) });
    await fixture.whenStable();

    click(el, '.block-row[data-index="9"]');
    await fixture.whenStable();
    http.expectOne('/api/blocks/9').flush(mined(9, [credential(1), sealedBallot(1), sealedBallot(2)]));
    await fixture.whenStable();
    expect(text(el, '#block-detail .block-holds')).toBe('1 credential, 2 ballots');
    expect(text(el, '#block-detail th.who-heading')).toBe('Ballot key / Voter tag');
    const labels = Array.from(el.querySelectorAll('#block-detail td.voter')).map((td) => td.getAttribute('data-label'));
    expect(labels).toEqual(['Voter tag', 'Ballot key', 'Ballot key']);

    // A block of a secret election without keys still names the column for the election: ballot keys.
    click(el, '.block-row[data-index="8"]');
    await fixture.whenStable();
    http.expectOne('/api/blocks/8').flush(mined(8, [open]));
    await fixture.whenStable();
    expect(text(el, '#block-detail .block-holds')).toBe('election opened');
    expect(text(el, '#block-detail th.who-heading')).toBe('Ballot key');
  });

  it('names the key column "Voter ID" in an open election', async () => {
    await start(electionInfo());
    const ballot: Transaction = { voter_id: 'alice', party: 'Red', timestamp: 1_764_000_000 };
    http.expectOne((r) => r.url === '/api/blocks').flush({ height: 1, blocks: [summary(mined(1, [ballot]))] });
    await fixture.whenStable();
    click(el, '.block-row[data-index="1"]');
    await fixture.whenStable();
    http.expectOne('/api/blocks/1').flush(mined(1, [ballot]));
    await fixture.whenStable();
    expect(text(el, '#block-detail th.who-heading')).toBe('Voter ID');
    expect(text(el, '#block-detail .block-holds')).toBe('1 ballot');
  });

  it('shows the genesis block as the manifest it carries, checked in the browser, not as a block mined in 1970', async () => {
    await start(secretElection());
    const genesis = genesisBlock(SECRET_MANIFEST, browserSha256);
    http.expectOne((r) => r.url === '/api/blocks').flush({ height: 0, blocks: [summary(genesis)] });
    await fixture.whenStable();
    click(el, '.block-row[data-index="0"]');
    await fixture.whenStable();
    http.expectOne('/api/blocks/0').flush(genesis);
    await fixture.whenStable();

    const detail = query(el, '#block-detail');
    expect(text(el, '#block-detail h2')).toBe('Block #0: the genesis block');
    expect(text(el, '#block-check')).toBe(
      "Checked in your browser: this block's hash covers the manifest below, so the election's ID names this election and no other.",
    );
    expect(detail.textContent).not.toMatch(/1970|Mined at|Nonce|Difficulty/);
    expect(detail.querySelector('table')).toBeNull();
    expect(text(el, '#election-manifest .manifest-title')).toBe('Board election 2026');
    expect(query(el, '#election-manifest .manifest-scheme').getAttribute('data-scheme')).toBe('secret');
    expect(Array.from(detail.querySelectorAll('.manifest-parties li')).map((li) => li.textContent?.trim())).toEqual([
      'Red',
      'Green',
      'and a blank vote, for none of them',
    ]);
    expect(text(el, '#election-manifest .manifest-difficulty')).toBe('every block hash starts with 2 zero hex digits');
    expect(text(el, '#election-manifest .manifest-roll')).toMatch(
      /^15 voters, committed to by a merkle root; the roll itself stays private\./,
    );
    expect(text(el, '#election-manifest .manifest-roll .key-line__label')).toBe('Root');
    expect(query(el, '#election-manifest .manifest-roll code.hash').getAttribute('title')).toBe(hex('a'));
    expect(text(el, '#election-manifest .manifest-threshold')).toBe(
      'Any 2 of the 3 trustees together decrypt the total, and only the total.',
    );
    expect(Array.from(detail.querySelectorAll('.manifest-trustee__name')).map((n) => n.textContent)).toEqual(['Ada', 'Bo', 'Cyd']);
    const keys = Array.from(detail.querySelectorAll('.manifest-authority code.hash, .manifest-trustees code.hash')).map((c) =>
      c.getAttribute('title'),
    );
    expect(keys).toEqual([key32('S'), 'MIIB' + 'C'.repeat(60), key32('A'), key32('B'), key32('D'), key32('E'), key32('F'), key32('G')]);
    const titles = Array.from(detail.querySelectorAll('dl.details > div > dd > app-hash-text code')).map((c) => c.getAttribute('title'));
    expect(titles.slice(0, 2)).toEqual([genesis.hash, genesis.previous_hash]);
  });

  it('shows an open election’s published roll, and a genesis block that does not match its manifest', async () => {
    await start(electionInfo());
    const genesis = genesisBlock(OPEN_MANIFEST, browserSha256);
    http.expectOne((r) => r.url === '/api/blocks').flush({ height: 0, blocks: [summary(genesis)] });
    await fixture.whenStable();
    click(el, '.block-row[data-index="0"]');
    await fixture.whenStable();
    http.expectOne('/api/blocks/0').flush({ ...genesis, election: { ...OPEN_MANIFEST, title: 'Another title' } });
    await fixture.whenStable();

    expect(query(el, '#block-check').classList).toContain('error');
    expect(text(el, '#block-check')).toBe(
      'This genesis block does not check out in your browser: the genesis block does not match its manifest.',
    );
    expect(text(el, '#election-manifest .manifest-difficulty')).toBe('none: blocks need no leading zero');
    expect(text(el, '#election-manifest .manifest-roll')).toMatch(/^3 voter IDs, published here/);
    expect(text(el, '#election-manifest .manifest-voters summary')).toBe('Show the voter IDs');
    expect(text(el, '#election-manifest .manifest-voters p')).toBe('V1, V2, V3');
    expect(el.querySelector('#election-manifest .manifest-threshold')).toBeNull();
  });
});
