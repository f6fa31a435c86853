import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ExplorerPage } from '../../../client/app/explorer/explorer-page';
import type { BlockPage, BlockSummary } from '@api/http';
import type { Block, Transaction } from '@protocol/types';
import { click, query, text } from '../support/dom';
import { electionInfo, secretElection } from '../support/elections';
import { nodeError } from '../support/http';

function summary(index: number, ballots = 1): BlockSummary {
  return {
    index,
    hash: `00${index}`.padEnd(64, 'a'),
    previous_hash: `00${index - 1}`.padEnd(64, 'b'),
    timestamp: 1_764_000_000 + index * 60,
    nonce: 1000 + index,
    difficulty: 2,
    merkle_root: `m${index}`.padEnd(64, 'c'),
    ballots,
    contents: index === 0 ? [] : [{ kind: 'ballot', count: ballots }],
  };
}

/** Block `index` as GET /api/blocks/:index serves it (hashes need not check out: the page only shows them). */
function fullBlock(index: number, transactions: Transaction[]): Block {
  return {
    index,
    timestamp: 1_764_000_000,
    previous_hash: '00' + '1'.repeat(62),
    nonce: 73_911,
    difficulty: 2,
    merkle_root: 'ee' + '2'.repeat(62),
    hash: '00' + '3'.repeat(62),
    transactions,
  };
}

/** Blocks `from` down to `to`, newest first, as the node pages them. */
function page(from: number, to: number, height = 42): BlockPage {
  const blocks: BlockSummary[] = [];
  for (let i = from; i >= to; i--) blocks.push(summary(i));
  return { height, blocks };
}

describe('ExplorerPage blocks', () => {
  let fixture: ComponentFixture<ExplorerPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(ExplorerPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/election').flush(electionInfo());
    // The blocks are asked for once the page knows there is an election to show.
    await fixture.whenStable();
    const first = http.expectOne((req) => req.url === '/api/blocks');
    expect(first.request.params.get('before')).toBeNull();
    expect(first.request.params.get('limit')).toBe('20');
    first.flush(page(42, 23));
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function rowIndexes(): string[] {
    return Array.from(el.querySelectorAll('.block-row')).map((row) => row.getAttribute('data-index') ?? '');
  }

  it('lists blocks newest first and pages to older ones', async () => {
    expect(rowIndexes()).toHaveLength(20);
    expect(rowIndexes()[0]).toBe('42');
    expect(rowIndexes()[19]).toBe('23');

    expect(text(el, '#older-blocks')).toBe('Older blocks');
    click(el, '#older-blocks');
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url === '/api/blocks' && r.params.get('before') === '23');
    req.flush(page(22, 3));
    await fixture.whenStable();
    expect(rowIndexes()).toHaveLength(40);
    expect(rowIndexes()[20]).toBe('22');
  });

  it('hides "Older blocks" once the genesis block is listed', async () => {
    click(el, '#older-blocks');
    await fixture.whenStable();
    http.expectOne((r) => r.params.get('before') === '23').flush(page(22, 0));
    await fixture.whenStable();
    expect(rowIndexes().at(-1)).toBe('0');
    expect(el.querySelector('#older-blocks')).toBeNull();
  });

  it('opens a block with its ballots, hashes, merkle root, nonce and difficulty', async () => {
    click(el, '.block-row[data-index="41"]');
    await fixture.whenStable();
    const block = fullBlock(41, [
      { voter_id: 'alice', party: 'Red', timestamp: 1_763_999_990 },
      { voter_id: 'bob', party: 'Green', timestamp: 1_763_999_995 },
    ]);
    http.expectOne('/api/blocks/41').flush(block);
    await fixture.whenStable();

    const detail = query(el, '#block-detail');
    expect(text(el, '#block-detail h2')).toBe('Block #41');
    const voters = Array.from(detail.querySelectorAll('td.voter')).map((td) => td.textContent?.trim());
    const parties = Array.from(detail.querySelectorAll('td.party')).map((td) => td.textContent?.trim());
    expect(voters).toEqual(['alice', 'bob']);
    expect(parties).toEqual(['Red', 'Green']);
    expect(text(el, '#block-detail .block-nonce')).toBe('73911');
    expect(text(el, '#block-detail .block-difficulty')).toBe('2');
    const titles = Array.from(detail.querySelectorAll('code.hash')).map((c) => c.getAttribute('title'));
    expect(titles).toEqual([block.hash, block.previous_hash, block.merkle_root]);
    // Shown shortened, full value in the tooltip.
    expect(detail.querySelector('code.hash')?.textContent).toBe('0033333333…333333');
    expect(query(el, '.block-row[data-index="41"]').getAttribute('aria-current')).toBe('true');
  });

  it('lists every kind of transaction; a sealed ballot shows its ballot key, no voter and no party', async () => {
    click(el, '.block-row[data-index="42"]');
    await fixture.whenStable();
    const block = fullBlock(42, [
      { type: 'trustee-commitments', trustee: 2, commitments: [], proofs: [], signature: 'sig' },
      { type: 'open', timestamp: 1_763_999_000, signature: 'sig', election_key: 'k' },
      { type: 'credential', voter_tag: 'ab'.repeat(32), roll_proof: [], signature: 'sig' },
      {
        type: 'sealed-ballot',
        sealed: { entries: [], sum_proof: { challenge: 'c', response: 'r' } },
        ballot_key: 'K'.repeat(43),
        credential: 'c',
        signature: 's',
      },
      { type: 'close', timestamp: 1_763_999_900, signature: 'sig' },
      { type: 'trustee-decryption', trustee: 1, shares: [], proofs: [], signature: 'sig' },
    ]);
    http.expectOne('/api/blocks/42').flush(block);
    await fixture.whenStable();

    const rows = Array.from(el.querySelectorAll('#block-detail tbody tr'));
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual([
      'Key ceremony: trustee 2',
      'Election opened',
      'Credential issued',
      'Sealed ballot',
      'Election closed',
      'Decryption by trustee 1',
    ]);
    expect(rows[3].querySelector('td.party')?.textContent?.trim()).toBe('—');
    expect(rows[3].querySelector('td.voter code.hash')?.getAttribute('title')).toBe('K'.repeat(43));
    expect(rows[2].querySelector('td.voter code.hash')?.getAttribute('title')).toBe('ab'.repeat(32));
    expect(rows[1].querySelector('td.voter')?.textContent?.trim()).toBe('—');
    expect(text(el, '#block-detail caption')).toBe('Transactions in block #42 (6)');
  });

  it('reloads the newest page on demand', async () => {
    click(el, '#newest-blocks');
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/blocks' && !r.params.has('before')).flush(page(43, 24, 43));
    await fixture.whenStable();
    expect(rowIndexes()[0]).toBe('43');
    expect(rowIndexes()).toHaveLength(20);
  });

  it('reports a block the node does not have', async () => {
    click(el, '.block-row[data-index="40"]');
    await fixture.whenStable();
    http.expectOne('/api/blocks/40').flush(...nodeError(404, 'not-found', 'No block 40'));
    await fixture.whenStable();
    expect(text(el, '#block-detail .notice')).toBe('Block #40 does not exist on this node.');
  });
});

describe('ExplorerPage in a secret election', () => {
  it('offers the tracking-code check instead of a voter ID lookup', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    const fixture = TestBed.createComponent(ExplorerPage);
    const http = TestBed.inject(HttpTestingController);
    const el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/election').flush(secretElection());
    await fixture.whenStable();
    http.expectOne((req) => req.url === '/api/blocks').flush(page(2, 0, 2));
    await fixture.whenStable();
    expect(el.querySelector('#voter-lookup')).toBeNull();
    expect(query(el, '#explorer-verify-link').getAttribute('href')).toBe('/verify');
    http.verify();
  });
});
