import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runVerifier } from '../cluster/harness/node-process';
import type { MineResult, PeerInfo } from '../../api/http';
import { readCodes } from '../support/activation-codes';
import { ADMIN_TOKEN, adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import {
  assertPortalBuilt,
  cspViolations,
  describeWithBrowser,
  duplicateIds,
  launchChromium,
  localStorageText,
  newContext,
  STEP_TIMEOUT_MS,
  watchErrors,
} from './support/browser';
import { waitFor } from '../support/wait';

jest.setTimeout(40_000);

/** What must never be in the browser's storage once a ballot is confirmed: the choice and the secrets that prove it. */
const SECRETS = /ballotSecretKey|blindedMessage|"inv"|credential|signature|party|Democratic|Republican|Socialist/i;
/** Well formed, and no voter's code. */
const WRONG_CODE = 'AAAA-BBBB-CCCC-DDDD';

describeWithBrowser('sealed ballot in Chromium: demo election, two nodes', () => {
  let authority: InProcessNode;
  let peer: InProcessNode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let codes: Map<string, string>;
  let firstTrackingCode: string;
  let firstBlock: number;

  /** Mines on the authority's node and waits for the peer to have the block; returns its height. */
  async function mine(): Promise<number> {
    const res = await fetch(`${authority.url}/mine`, { headers: adminAuth() });
    expect(res.status).toBe(200);
    const result = (await res.json()) as MineResult;
    if (!result.mined) throw new Error(`nothing mined: ${result.message}`);
    // The new block is pushed to the peer; it has it once it serves the header.
    await waitFor(async () => (await fetch(`${peer.url}/api/headers/${result.index}`)).status === 200, {
      timeoutMs: STEP_TIMEOUT_MS,
      what: `the peer to serve the header of block ${result.index}`,
    });
    return result.index;
  }

  /**
   * Enters the voter ID and code and goes on. A voter new to this browser is offered the recovery kit first
   * (test/ui/recovery-kit.ui-spec.ts is about it): these voters go on without saving it.
   */
  async function identify(voterId: string, code: string): Promise<void> {
    await page.fill('#voter-id', voterId);
    await page.fill('#activation-code', code);
    const before = await page
      .locator('#vote-outcome')
      .textContent({ timeout: 100 })
      .catch(() => null);
    await page.click('#request-credential');
    await page.waitForFunction(
      (earlier) =>
        document.querySelector('#get-credential, #party-0, #vote-accepted') !== null ||
        (document.querySelector('#vote-outcome')?.textContent ?? earlier) !== earlier,
      before,
    );
    if ((await page.locator('#get-credential').count()) > 0) await page.click('#get-credential');
  }

  async function chooseAndCast(partyIndex: number, party: string): Promise<void> {
    await page.check(`#party-${partyIndex}`);
    await page.click('#confirm-ballot');
    await page.locator('#chosen-party', { hasText: party }).waitFor();
    await page.click('#cast-ballot');
  }

  /** Neither the voter ID nor their code, as typed or as the authority compares it, is readable in the browser's storage. */
  async function expectNotInStorage(voterId: string): Promise<void> {
    const stored = (await localStorageText(page)).toLowerCase();
    const code = codes.get(voterId)!;
    for (const text of [voterId, code, code.replace(/-/g, '')]) expect(stored).not.toContain(text.toLowerCase());
  }

  const storedEntries = () => page.evaluate(() => localStorage.length);
  const pendingCount = async () => ((await (await fetch(`${authority.url}/pending_tx`)).json()) as unknown[]).length;

  async function trackingCode(): Promise<string> {
    const code = (await page.locator('#tracking-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[0-9a-f]{64}$/);
    return code;
  }

  beforeAll(async () => {
    assertPortalBuilt();
    // The demo: 15 voters as a sealed election run by this node, its demo trustees' ceremony done and opened at once.
    authority = await startInProcessNode({ ELECTION: 'demo' });
    codes = readCodes(authority.dataDir);
    peer = await startInProcessNode({ ELECTION: 'join', PEERS: authority.url });
    // The verify page asks the authority's peers, so the authority must know this one.
    await waitFor(async () => ((await (await fetch(`${authority.url}/api/peers`)).json()) as PeerInfo[]).some((p) => p.url === peer.url), {
      timeoutMs: STEP_TIMEOUT_MS,
      what: 'the authority to list the peer',
    });
    browser = await launchChromium();
    context = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    // Provoked below: a wrong activation code (401), and a cast whose answer is cut off.
    errors = watchErrors(page, [/status of 401/, /ERR_CONNECTION_RESET/]);
  });

  afterAll(async () => {
    await browser?.close();
    await peer?.stop();
    await authority?.stop();
  });

  it('refuses a wrong activation code with a clear message', async () => {
    await page.goto(`${authority.url}/vote`);
    await identify('VOID001', WRONG_CODE);
    await page.locator('#vote-outcome.error').waitFor();
    expect(await page.textContent('#vote-outcome')).toContain('Wrong voter ID or activation code.');
    expect(await page.textContent('#vote-step')).toBe('Step 1 of 3: identify yourself');
    // A wrong code leaves nothing behind.
    expect(await storedEntries()).toBe(0);
  });

  it('casts a sealed ballot after testing the encryption: code, party, challenge, confirmation, receipt with copy and QR code', async () => {
    await identify('VOID001', codes.get('VOID001')!);
    await page.locator('#vote-step', { hasText: 'Step 2 of 3' }).waitFor();
    await page.check('#party-1');
    await page.click('#confirm-ballot');
    await page.locator('#sealed-notice').waitFor();
    // The challenge: this browser seals the choice, opens it again and shows it; that sealing is never sent.
    const pendingBefore = await pendingCount();
    await page.click('#challenge-ballot');
    await page.locator('#challenge-result', { hasText: 'The test encryption opens to Republican Party' }).waitFor();
    expect(await page.textContent('#challenge-result')).toContain('nothing was sent');
    const evidence = JSON.parse((await page.textContent('#challenge-evidence'))!) as {
      sealed: { entries: unknown[] };
      randomness: string[];
    };
    expect(evidence.sealed.entries).toHaveLength(3);
    expect(evidence.randomness).toHaveLength(3);
    expect(await pendingCount()).toBe(pendingBefore);
    // Checked on another device: the verifier opens it against the key of the chain it verified itself.
    const evidenceFile = join(mkdtempSync(join(tmpdir(), 'ballotchain-challenge-')), 'challenge.json');
    writeFileSync(evidenceFile, (await page.textContent('#challenge-evidence'))!);
    const checked = await runVerifier(['--node', authority.url, '--workers', '0', '--challenge', evidenceFile]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain("The challenged sealing encrypts Republican Party, to this election's key");
    rmSync(dirname(evidenceFile), { recursive: true, force: true });
    await page.click('#cast-ballot');
    await page.locator('#vote-accepted', { hasText: 'Your ballot for Republican Party was accepted' }).waitFor();
    firstTrackingCode = await trackingCode();

    await page.click('#copy-tracking-code');
    await page.locator('#copy-tracking-code', { hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstTrackingCode);

    const qr = page.locator('#receipt-qr');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await duplicateIds(page)).toEqual([]);
  });

  it('keeps one sealed entry once the node holds the ballot: nothing in it readable, not even the tracking code', async () => {
    expect(await storedEntries()).toBe(1);
    const stored = await localStorageText(page);
    expect(stored).not.toContain(firstTrackingCode);
    expect(stored).not.toMatch(SECRETS);
    await expectNotInStorage('VOID001');
  });

  it('shows the ballot pending, then confirmed with the proof checked against both nodes', async () => {
    await page.click('#verify-link');
    await page.waitForURL(`**/verify/${firstTrackingCode}`);
    await page.locator('#verify-outcome.info', { hasText: 'awaits a block' }).waitFor();

    firstBlock = await mine();
    await page.click('#verify-submit');
    await page.locator('#verify-outcome.success').waitFor();
    expect(await page.textContent('#verify-outcome')).toContain(
      `Verified: your ballot is in block #${firstBlock} (1 confirmation), and 2 nodes serve that same block.`,
    );
    expect(await page.textContent('#verify-block-index')).toBe(`#${firstBlock}`);
    // Sealed: the verify page proves the ballot is on chain, never what it says.
    expect(await page.textContent('#verify-sealed')).toContain('Sealed');
    expect(await page.locator('#verify-party').count()).toBe(0);
    expect((await page.textContent('#verify-confirmations'))?.trim()).toBe('1');
    expect(await page.locator('#verify-nodes tr[data-node="self"][data-agrees="true"]').count()).toBe(1);
    expect(await page.locator(`#verify-nodes tr[data-node="${peer.url}"][data-agrees="true"]`).count()).toBe(1);
    expect(await duplicateIds(page)).toEqual([]);
  });

  it('reports a tampered tracking code plainly as not found', async () => {
    const last = firstTrackingCode.at(-1)!;
    const tampered = firstTrackingCode.slice(0, -1) + (last === '0' ? '1' : '0');
    await page.fill('#verify-code', tampered);
    await page.click('#verify-submit');
    await page.locator('#verify-outcome.error').waitFor();
    expect((await page.textContent('#verify-outcome'))?.trim()).toBe(
      'No ballot with this tracking code is on the chain, nor waiting for a block, at this node.',
    );
    expect(await page.locator('#verify-nodes').count()).toBe(0);
  });

  it('resumes after a reload that follows the credential, in the same browser', async () => {
    await page.goto(`${authority.url}/vote`);
    await identify('VOID002', codes.get('VOID002')!);
    await page.locator('#vote-step', { hasText: 'Step 2 of 3' }).waitFor();
    expect(await storedEntries()).toBe(2);
    await expectNotInStorage('VOID002');

    await page.reload();
    // The authority answers the stored blinded request again: no "already issued".
    await identify('VOID002', codes.get('VOID002')!);
    await page.locator('#vote-step', { hasText: 'Step 2 of 3' }).waitFor();
    await chooseAndCast(2, 'Socialist party');
    await page.locator('#vote-accepted', { hasText: 'Your ballot for Socialist party was accepted' }).waitFor();
    expect(await localStorageText(page)).not.toMatch(SECRETS);
    await expectNotInStorage('VOID002');
  });

  it('resumes after a cast whose answer never came back: the node has the ballot, so the receipt shows', async () => {
    await page.goto(`${authority.url}/vote`);
    await identify('VOID003', codes.get('VOID003')!);
    await page.locator('#vote-step', { hasText: 'Step 2 of 3' }).waitFor();
    // The ballot reaches the node, but the browser sees the connection drop.
    await page.route('**/api/sealed-ballots', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    await chooseAndCast(0, 'Democratic Party');
    await page.locator('#vote-outcome.error', { hasText: 'Node unreachable' }).waitFor();
    await page.unroute('**/api/sealed-ballots');
    // The signed ballot is kept, sealed: neither the voter nor the choice can be read.
    expect(await storedEntries()).toBe(3);
    expect(await localStorageText(page)).not.toMatch(SECRETS);
    await expectNotInStorage('VOID003');

    await page.reload();
    await identify('VOID003', codes.get('VOID003')!);
    await page.locator('#vote-accepted', { hasText: 'Your ballot for Democratic Party was accepted' }).waitFor();
    expect(await localStorageText(page)).not.toMatch(SECRETS);
    await expectNotInStorage('VOID003');
  });

  it('in a shared browser, shows a voter their receipt only with their code, and never the choice', async () => {
    await page.reload();
    // Someone else at this browser, who knows the voter ID but not the code: nothing of the ballot shows.
    await identify('VOID001', WRONG_CODE);
    await page.locator('#vote-outcome.error').waitFor();
    expect(await page.textContent('#vote-outcome')).toContain('Wrong voter ID or activation code.');
    expect(await page.textContent('#vote-step')).toBe('Step 1 of 3: identify yourself');
    expect(await page.locator('#tracking-code, #vote-accepted, #verify-link').count()).toBe(0);
    expect(await page.textContent('body')).not.toContain(firstTrackingCode);
    expect(await storedEntries()).toBe(3);

    await identify('VOID001', codes.get('VOID001')!);
    await page.locator('#vote-accepted', { hasText: 'kept only the receipt' }).waitFor();
    expect(await trackingCode()).toBe(firstTrackingCode);
    expect(await page.textContent('#vote-accepted')).not.toMatch(/Republican/);
  });

  it('counts the confirmations as blocks are added on top', async () => {
    expect(await mine()).toBe(firstBlock + 1);
    await page.goto(`${authority.url}/verify/${firstTrackingCode}`);
    await page.locator('#verify-outcome.success').waitFor();
    expect((await page.textContent('#verify-confirmations'))?.trim()).toBe('2');
    expect(await page.textContent('#verify-block-index')).toBe(`#${firstBlock}`);
    expect(errors).toEqual([]);
    expect(cspViolations(context)).toEqual([]);
  });

  // While the election is open: once closed, the vote page says so instead of offering a form.
  it('says secret voting needs https or localhost when the portal is reached over plain http from another host', async () => {
    // Another host name for the same node: Chromium withholds crypto.subtle from such a page, as on a LAN.
    const insecure = await newContext(browser);
    try {
      const host = 'http://ballot-portal.test';
      await insecure.route(`${host}/**`, async (route) => {
        const response = await route.fetch({ url: route.request().url().replace(host, authority.url) });
        await route.fulfill({ response });
      });
      const other = await insecure.newPage();
      await other.goto(`${host}/vote`);
      await other.locator('#secure-context-required').waitFor();
      expect(await other.evaluate(() => window.isSecureContext)).toBe(false);
      const text = (await other.textContent('#secure-context-required'))!.replace(/\s+/g, ' ');
      expect(text).toContain('Secret voting needs https or localhost');
      expect(text).toContain(`This page was opened at ${host} over plain http`);
      expect(await other.locator('#voter-id').count()).toBe(0);
    } finally {
      await insecure.close();
    }
  });

  it('shows the trustees in Admin, no count while sealed, and the decrypted result after the close', async () => {
    await page.goto(`${authority.url}/results`);
    await page.locator('#results-sealed', { hasText: 'The choices are sealed' }).waitFor();
    expect(await page.locator('#results-table').count()).toBe(0);

    await page.goto(`${authority.url}/admin`);
    await page.fill('#admin-token', ADMIN_TOKEN);
    await page.click('#admin-token-save');
    await page.locator('#ceremony-state', { hasText: 'Key ceremony complete' }).waitFor();
    expect(await page.textContent('#demo-trustees')).toContain('this node holds every trustee');
    expect(await page.locator('#trustees-table tbody tr').count()).toBe(3);

    // The demo's trustees decrypt on their own once the election is closed: two of the three, as the threshold asks.
    const closed = await fetch(`${authority.url}/api/admin/close`, { method: 'POST', headers: adminAuth() });
    expect(closed.status).toBe(200);
    await page.goto(`${authority.url}/results`);
    await page.locator('#results-sealed', { hasText: 'Decrypted by trustees 1, 2' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // VOID001 Republican Party, VOID002 Socialist party, VOID003 Democratic Party.
    for (const party of ['Democratic Party', 'Republican Party', 'Socialist party']) {
      expect(await page.textContent(`#results-table [data-party="${party}"]`)).toContain('1');
    }
    await page.goto(`${authority.url}/admin`);
    await page.locator('#trustees-table tr[data-trustee="3"]', { hasText: 'no' }).waitFor();
    expect(errors).toEqual([]);
    expect(cspViolations(context)).toEqual([]);
  });
});
