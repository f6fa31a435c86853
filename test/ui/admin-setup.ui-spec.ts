import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Dialog, Download, Page } from 'playwright-core';
import type { ElectionRecord, PeerInfo } from '../../api/http';
import type { SealedBallot } from '../../protocol';
import { parseCodes } from '../support/activation-codes';
import { ADMIN_TOKEN, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { pendingCodesFile } from '../../server/setup/pending-codes-file';
import {
  assertPortalBuilt,
  cspViolations,
  describeWithBrowser,
  duplicateIds,
  launchChromium,
  newContext,
  STEP_TIMEOUT_MS,
  watchErrors,
} from './support/browser';
import { waitFor } from '../support/wait';
import { checkRecord } from './support/record-check';
import { stringMatching } from '../support/matchers';

jest.setTimeout(40_000);

const PARTIES = ['Harbour Party', 'Hills Alliance', 'Independents'];
const VOTERS = ['M-0001', 'M-0002', 'M-0003', 'M-0004'];
// Other columns (names) are allowed in the roll and never leave the node.
const ROLL_CSV = ['voter_id,name', ...VOTERS.map((id, i) => `${id},Member ${i + 1}`)].join('\n') + '\n';

describeWithBrowser('admin flow in Chromium: create, codes, open, turnout, close, results, publish, audit', () => {
  let node: InProcessNode;
  let peer: InProcessNode | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let admin: Page;
  let errors: string[];
  let codes: Map<string, string>;

  async function downloadFrom(page: Page, button: string): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const path = await download.path();
    return { download, text: readFileSync(path, 'utf8') };
  }

  async function confirmLifecycle(button: string, phase: string): Promise<void> {
    await admin.click(button);
    await admin.click('#confirm-lifecycle');
    await admin.locator('#election-phase', { hasText: phase }).waitFor();
    // The phase line is the one message a success leaves.
    expect(await admin.locator('#lifecycle-outcome').count()).toBe(0);
  }

  beforeAll(async () => {
    assertPortalBuilt();
    node = await startInProcessNode({ ELECTION: 'setup' });
    browser = await launchChromium();
    context = await newContext(browser, { acceptDownloads: true });
    admin = await context.newPage();
    // While the node restarts with the new election, the page's polls meet a closed port for a moment.
    errors = watchErrors(admin, [/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/]);
  });

  afterAll(async () => {
    await browser?.close();
    await peer?.stop();
    await node?.stop();
  });

  it('takes the admin token, creates a secret election from a roll file with demo trustees, and keeps the codes until their download is confirmed', async () => {
    await admin.goto(`${node.url}/admin`);
    await admin.locator('#create-heading').waitFor();
    expect((await admin.textContent('#no-election'))?.trim()).toBe(
      'No election exists on this node yet. Enter the admin token, then create the election with the form below.',
    );
    expect(await duplicateIds(admin)).toEqual([]);
    await admin.fill('#admin-token', ADMIN_TOKEN);
    await admin.click('#admin-token-save');
    await admin.locator('#admin-token-status.success').waitFor();
    // Nothing on the page of a node without an election reads like a raw HTTP error.
    expect(await admin.locator('main').innerText()).not.toMatch(/HTTP|http-\d|Http failure|Service Unavailable|no-election/);

    await admin.fill('#election-title', 'Harbour club board 2026');
    await admin.fill('#election-parties', PARTIES.join('\n'));
    await admin.fill('#election-difficulty', '1');
    await admin.selectOption('#election-scheme', 'secret');
    // Sealed, for a trial, to two trustees this node holds, either of which decrypts; with a blank vote.
    await admin.check('#election-key-holders-demo');
    await admin.fill('#election-demo-trustees', '2');
    await admin.fill('#election-demo-threshold', '1');
    await admin.check('#election-blank');
    await admin.setInputFiles('#election-roll', { name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(ROLL_CSV) });
    await admin.locator('#election-roll-hint', { hasText: 'Chosen: members.csv' }).waitFor();
    await admin.click('#create-election');

    await admin.locator('#codes-warning', { hasText: 'There are 4 activation codes' }).waitFor();
    expect(await admin.isDisabled('#dismiss-codes')).toBe(true);
    // Until confirmed, an owner-only copy waits in the data dir.
    expect(statSync(pendingCodesFile(node.dataDir)).mode & 0o777).toBe(0o600);

    // The node restarts on the same port with the election, still in draft, its trustees' key ceremony
    // done; the page follows by itself.
    await node.whenElectionReady();
    await admin.locator('#election-phase', { hasText: 'draft' }).waitFor();
    await admin.locator('#ceremony-state', { hasText: 'Key ceremony complete' }).waitFor();
    expect(await admin.textContent('#demo-trustees')).toContain('this node holds every trustee');
    expect(await admin.locator('#trustees-table tbody tr').count()).toBe(2);

    // A reload before the download: the browser asks first, and the page offers the same codes again.
    const asked: string[] = [];
    const leave = (dialog: Dialog) => {
      asked.push(dialog.type());
      void dialog.accept();
    };
    admin.on('dialog', leave);
    await admin.reload();
    expect(asked).toEqual(['beforeunload']);
    await admin.locator('#codes-kept').waitFor();
    await admin.locator('#codes-warning', { hasText: 'There are 4 activation codes' }).waitFor();
    const { download, text } = await downloadFrom(admin, '#download-codes');
    expect(download.suggestedFilename()).toBe('activation-codes.csv');
    codes = parseCodes(text);
    expect([...codes.keys()]).toEqual(VOTERS);
    for (const code of codes.values()) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(new Set(codes.values()).size).toBe(VOTERS.length);
    expect(text).not.toContain('Member 1');

    // Confirmed: the node deletes its copy; from then on the codes exist nowhere but in the downloaded file.
    await admin.click('#dismiss-codes');
    await admin.locator('#codes-warning').waitFor({ state: 'detached' });
    expect(existsSync(pendingCodesFile(node.dataDir))).toBe(false);
    expect(existsSync(join(node.dataDir, 'activation-codes.csv'))).toBe(false);
    await admin.reload();
    await admin.locator('#election-phase', { hasText: 'draft' }).waitFor();
    admin.off('dialog', leave);
    // Nothing left to lose: no question this time.
    expect(asked).toEqual(['beforeunload']);
    expect(await admin.locator('#download-codes').count()).toBe(0);
    expect(await duplicateIds(admin)).toEqual([]);
  });

  it('opens the election; a second node joins it', async () => {
    await confirmLifecycle('#open-election', 'open');
    peer = await startInProcessNode({ ELECTION: 'join', PEERS: node.url });
    await waitFor(async () => ((await (await fetch(`${node.url}/api/peers`)).json()) as PeerInfo[]).some((p) => p.url === peer!.url), {
      timeoutMs: STEP_TIMEOUT_MS,
      what: 'the node to list the joining node as a peer',
    });
  });

  it('counts a voter who uses a downloaded code in the turnout', async () => {
    const voter = await context.newPage();
    const voterErrors = watchErrors(voter);
    await voter.goto(`${node.url}/vote`);
    await voter.fill('#voter-id', 'M-0002');
    await voter.fill('#activation-code', codes.get('M-0002')!);
    await voter.click('#request-credential');
    await voter.click('#get-credential');
    await voter.locator('#party-blank').waitFor();
    await voter.check('#party-1');
    await voter.click('#confirm-ballot');
    await voter.click('#cast-ballot');
    await voter.locator('#vote-accepted', { hasText: 'Hills Alliance' }).waitFor();
    expect(voterErrors).toEqual([]);
    await voter.close();

    // The credential and the ballot wait for a block; the dashboard polls and shows them.
    await admin.locator('#turnout-pending', { hasText: /^\s*2\s*$/ }).waitFor();
    expect((await admin.textContent('#turnout-credentials'))?.trim()).toBe('0 / 4');
    await admin.click('#mine-button');
    await admin.locator('#mine-outcome.success').waitFor();
    await admin.locator('#turnout-ballots', { hasText: '1 (25.0%)' }).waitFor();
    expect((await admin.textContent('#turnout-credentials'))?.trim()).toBe('1 / 4');
    expect((await admin.textContent('#turnout-pending'))?.trim()).toBe('0');
  });

  it('closes the election, the trustee held here decrypts, and the audit shows both nodes agreeing', async () => {
    await confirmLifecycle('#close-election', 'closed');
    // The threshold is one: the first trustee's partial decryption is all the result needs, the second's never comes.
    await admin.locator('#trustees-table tr[data-trustee="1"] td:last-child .cell-value', { hasText: 'yes' }).waitFor();
    expect((await admin.textContent('#trustees-table tr[data-trustee="2"] td:last-child .cell-value'))?.trim()).toBe('no');
    await admin.locator(`#audit-table tr[data-verdict="self"][data-node="${node.url}"]`).waitFor();
    // The peer gets the closing and decryption blocks pushed; the audit polls until it reports the same tip.
    await admin.locator(`#audit-table tr[data-verdict="agrees"][data-node="${peer!.url}"]`).waitFor();
    await admin.locator('#audit-agreement').waitFor();
    expect(await admin.locator('#audit-disagreement').count()).toBe(0);
    expect(await admin.locator('#audit-table tr[data-verdict]').count()).toBe(2);
  });

  it('at phone width (390×844) shows the audit, trustees and peers tables as cards: no column crushed or cut', async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    try {
      await admin.locator('#audit-agreement').waitFor();
      // The page itself never scrolls sideways.
      expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const table of ['#audit-table', '#trustees-table', '#peers-table']) {
        const cells = await admin.locator(`${table} tbody tr:not(:has(td[colspan])) td`).evaluateAll((tds) =>
          tds.map((td) => {
            const box = td.getBoundingClientRect();
            const scroller = td.closest('.table-scroll')!;
            return { left: box.left, right: box.right, width: box.width, cut: scroller.scrollWidth > scroller.clientWidth };
          }),
        );
        expect(cells.length).toBeGreaterThan(0);
        for (const cell of cells) {
          expect(cell.cut).toBe(false);
          expect(cell.left).toBeGreaterThanOrEqual(0);
          expect(cell.right).toBeLessThanOrEqual(390);
          // A card line, as wide as the card: not a column two characters wide.
          expect(cell.width).toBeGreaterThan(250);
        }
      }
      // Every audit row shows its verdict, in full, beside its label.
      for (const row of await admin.locator('#audit-table tr[data-verdict]').all()) {
        const verdict = row.locator('.badge');
        await verdict.waitFor();
        const box = (await verdict.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        expect(await row.locator('td:last-child .cell-label').isVisible()).toBe(true);
      }
    } finally {
      await admin.setViewportSize({ width: 1024, height: 900 });
    }
    // Wider, they are tables again, their labels hidden.
    expect(await admin.locator('#audit-table .cell-label').first().isVisible()).toBe(false);
  });

  it('publishes an election record whose chain the protocol rules accept', async () => {
    const { download, text } = await downloadFrom(admin, '#publish-record');
    expect(download.suggestedFilename()).toBe('election-record.json');
    await admin.locator('#record-outcome.success').waitFor();
    const record = JSON.parse(text) as ElectionRecord;
    expect(record.format).toBe('ballotchain-record/1');

    // The record alone gives the result: its chain holds the decryption, with its proofs.
    const check = checkRecord(record);
    expect(check.problem).toBeNull();
    expect(check.state).toMatchObject({ phase: 'closed', ballots: 1, credentials: 1 });
    expect(check.tally).toEqual(PARTIES.map((party) => ({ party, votes: party === 'Hills Alliance' ? 1 : 0 })));
    expect(check.blank).toBe(0);
    // Genesis, the two trustees' commitments then shares, open, the voter's credential and ballot, close, the decryption.
    const kinds = record.chain.map((b) => b.transactions.map((tx) => ('type' in tx ? tx.type : 'open-ballot')).join('+'));
    expect(kinds).toEqual([
      '',
      'trustee-commitments+trustee-commitments',
      'trustee-shares+trustee-shares',
      'open',
      stringMatching(/^(credential\+sealed-ballot|sealed-ballot\+credential)$/),
      'close',
      'trustee-decryption',
    ]);
    // No voter ID of the roll appears next to the ballot: the record carries only the roll's commitment.
    expect(text).not.toContain('M-0002');

    // The check has teeth: the sealed vote moved to another party (its first two options swapped) breaks the block.
    const forged = structuredClone(record);
    const at = forged.chain.findIndex((b) => b.transactions.some((tx) => 'type' in tx && tx.type === 'sealed-ballot'));
    const ballot = forged.chain[at].transactions.find((tx) => 'type' in tx && tx.type === 'sealed-ballot') as SealedBallot;
    ballot.sealed.entries = [ballot.sealed.entries[1], ballot.sealed.entries[0], ...ballot.sealed.entries.slice(2)];
    expect(checkRecord(forged).problem).toMatch(new RegExp(`^block ${at}: `));
  });

  it('shows the final results, as decrypted', async () => {
    await admin.click('#results-link');
    await admin.locator('#results-final', { hasText: 'Final results' }).waitFor();
    expect((await admin.textContent('#results-sealed'))?.replace(/\s+/g, ' ').trim()).toBe(
      'Decrypted by trustee 1 with proofs every node checked. 1 ballot, of which 0 blank.',
    );
    const votes = (party: string) => admin.textContent(`#results-table tr[data-party="${party}"] td.votes`);
    expect((await votes('Hills Alliance'))?.trim()).toBe('1');
    expect((await votes('Harbour Party'))?.trim()).toBe('0');
    expect((await admin.textContent('#results-total'))?.trim()).toBe('1');
    expect(errors).toEqual([]);
    expect(cspViolations(context)).toEqual([]);
  });
});
