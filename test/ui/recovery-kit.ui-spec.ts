import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MineResult } from '../../api/http';
import { readCodes } from '../support/activation-codes';
import { expectAccessible } from './support/axe';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import {
  assertPortalBuilt,
  cspViolations,
  describeWithBrowser,
  launchChromium,
  newContext,
  STEP_TIMEOUT_MS,
  watchErrors,
} from './support/browser';

jest.setTimeout(60_000);

/** A phone: the vote page must fit it without scrolling sideways, at every step. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const VOTER = 'VOID004';

/**
 * A voter who loses the browser after the credential was issued: the recovery kit saved in the first browser
 * profile lets a fresh profile (no storage in common) get the same credential and cast the one sealed ballot.
 */
describeWithBrowser('recovery kit in Chromium: one voter, two browser profiles', () => {
  let authority: InProcessNode;
  let browser: Browser;
  let code: string;
  let kitFile: string;
  let kitText: string;
  let trackingCode: string;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  /** A fresh profile at phone size, as another browser or device would be. */
  async function freshPage(expected: RegExp[] = []): Promise<Page> {
    const context = await newContext(browser, PHONE);
    contexts.push(context);
    const page = await context.newPage();
    errors.push(watchErrors(page, expected));
    await page.goto(`${authority.url}/vote`);
    await page.locator('#voter-id').waitFor();
    return page;
  }

  async function fitsThePhone(page: Page, where: string): Promise<void> {
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect({ where, ...widths }).toEqual({ where, page: widths.viewport, viewport: 390 });
  }

  beforeAll(async () => {
    assertPortalBuilt();
    // The demo: a sealed election this node runs, opened at once.
    authority = await startInProcessNode({ ELECTION: 'demo' });
    code = readCodes(authority.dataDir).get(VOTER)!;
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    if (kitFile) rmSync(dirname(kitFile), { recursive: true, force: true });
    await browser?.close();
    await authority?.stop();
  });

  it('offers the kit before the credential is requested, as a file and as text, and the first browser gets its credential', async () => {
    const page = await freshPage();
    await fitsThePhone(page, 'identify');
    await page.fill('#voter-id', VOTER);
    await page.fill('#activation-code', code);
    await page.click('#request-credential');
    await page.locator('#vote-step', { hasText: 'Step 1 of 3: save a recovery kit (recommended)' }).waitFor();
    // Nothing asked yet: the authority has issued no credential.
    expect((await (await fetch(`${authority.url}/api/election`)).json()) as { credentials_issued: number }).toMatchObject({
      credentials_issued: 0,
    });
    expect(await (await fetch(`${authority.url}/pending_tx`)).json()).toEqual([]);
    await fitsThePhone(page, 'kit');
    await expectAccessible(page, 'vote: recovery kit offered');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-recovery-kit')]);
    expect(download.suggestedFilename()).toBe('recovery-kit.txt');
    // Kept under the name the browser offered, as the voter would find it among their files.
    kitFile = join(mkdtempSync(join(tmpdir(), 'ballotchain-kit-')), download.suggestedFilename());
    await download.saveAs(kitFile);
    const file = readFileSync(kitFile, 'utf8');
    await page.click('#recovery-kit-notice summary');
    kitText = await page.inputValue('#recovery-kit-output');
    expect(kitText).toMatch(/^bckit1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(file.trimEnd().endsWith(kitText)).toBe(true);
    for (const secret of [VOTER, code, 'Demo election']) expect(file.toLowerCase()).not.toContain(secret.toLowerCase());
    await fitsThePhone(page, 'kit shown as text');

    await page.click('#get-credential');
    await page.locator('#vote-step', { hasText: 'Step 2 of 3' }).waitFor();
    await fitsThePhone(page, 'choose');
    // Then this browser is lost: its profile is never used again.
  });

  it('in a fresh profile without the kit, says both cases: voted and done, or how to recover', async () => {
    const page = await freshPage([/status of 409/]);
    await page.fill('#voter-id', VOTER);
    await page.fill('#activation-code', code);
    // Refused before any kit is offered: the authority already answered another request of this voter.
    await page.click('#request-credential');
    await page.locator('#vote-outcome.error').waitFor();
    expect(await page.locator('#get-credential').count()).toBe(0);
    const said = (await page.textContent('#vote-outcome'))!.replace(/\s+/g, ' ');
    expect(said).toContain('If you have voted, you are done: check your ballot with its tracking code on the Verify page.');
    expect(said).toContain('If you have not voted yet, add the recovery kit you saved there');
    expect(await page.getAttribute('#verify-after-refusal a', 'href')).toBe('/verify');
    await fitsThePhone(page, 'refused');
  });

  it('in another fresh profile, with the ID in other case, the code and the kit file: the same credential, a sealed ballot cast and found on the Verify page', async () => {
    const page = await freshPage();
    await page.fill('#voter-id', ` ${VOTER.toLowerCase()} `);
    await page.fill('#activation-code', code.toLowerCase());
    await page.click('#recovery summary');
    await page.setInputFiles('#recovery-kit-file', kitFile);
    await page.locator('#recovery-kit-file-status', { hasText: 'recovery-kit' }).waitFor();
    expect(await page.inputValue('#recovery-kit-text')).toContain(kitText);
    await fitsThePhone(page, 'identify with a kit');
    await expectAccessible(page, 'vote: identify with a recovery kit');
    await page.click('#request-credential');
    // No kit step: the kit's own request goes, and the authority answers it again.
    await page.locator('#vote-step', { hasText: 'Step 2 of 3' }).waitFor();
    await page.check('#party-2');
    await page.click('#confirm-ballot');
    await page.locator('#chosen-party', { hasText: 'Socialist party' }).waitFor();
    await fitsThePhone(page, 'confirm');
    await page.click('#challenge-ballot');
    await page.locator('#challenge-result').waitFor();
    await page.click('#challenge-result summary');
    await fitsThePhone(page, 'challenge evidence');
    await page.click('#cast-ballot');
    await page.locator('#vote-accepted', { hasText: 'Your ballot for Socialist party was accepted' }).waitFor();
    trackingCode = (await page.textContent('#tracking-code'))!.trim();
    expect(trackingCode).toMatch(/^[0-9a-f]{64}$/);
    await page.locator('#receipt-qr').waitFor();
    // The node's PUBLIC_URL here is a loopback address: the page says the QR code works on this computer only.
    expect(await page.textContent('#receipt-qr-local')).toContain('works on this computer only');
    expect(await page.textContent('#receipt-qr-local')).toContain('PUBLIC_URL');
    await fitsThePhone(page, 'receipt');

    await page.click('#verify-link');
    await page.waitForURL(`**/verify/${trackingCode}`);
    await page.locator('#verify-outcome').waitFor();
    const mined = (await (await fetch(`${authority.url}/mine`, { headers: adminAuth() })).json()) as MineResult;
    if (!mined.mined) throw new Error(`nothing mined: ${mined.message}`);
    await page.click('#verify-submit');
    // Found in the block just mined (one node here: the page says it could cross-check with no other).
    await page.locator('#verify-outcome', { hasText: `in block #${mined.index}` }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.textContent('#verify-block-index')).toBe(`#${mined.index}`);
    expect(await page.textContent('#verify-sealed')).toContain('Sealed');
    // One credential for this voter, one ballot.
    expect((await (await fetch(`${authority.url}/api/election`)).json()) as object).toMatchObject({
      credentials_issued: 1,
      ballots_cast: 1,
    });
  });

  it('with the kit once more after the vote, says plainly that the voter has voted', async () => {
    const page = await freshPage([/status of 409/]);
    await page.fill('#voter-id', VOTER);
    await page.fill('#activation-code', code);
    await page.click('#recovery summary');
    await page.fill('#recovery-kit-text', `my kit:\n${kitText.slice(0, 50)}\n${kitText.slice(50)}`);
    await page.click('#request-credential');
    await page.locator('#vote-step', { hasText: 'Step 2 of 3' }).waitFor();
    await page.check('#party-0');
    await page.click('#confirm-ballot');
    await page.click('#cast-ballot');
    await page.locator('#vote-outcome.error').waitFor();
    expect((await page.textContent('#vote-outcome'))!.replace(/\s+/g, ' ')).toContain(
      'A ballot was already cast with your credential: you have voted, and each voter casts one ballot.',
    );
    expect(await page.getAttribute('#verify-after-refusal a', 'href')).toBe('/verify');
    expect((await (await fetch(`${authority.url}/api/election`)).json()) as object).toMatchObject({ ballots_cast: 1 });
    for (const seen of errors) expect(seen).toEqual([]);
    for (const context of contexts) expect(cspViolations(context)).toEqual([]);
  });
});
