import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_TOKEN, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { assertPortalBuilt, cspViolations, describeWithBrowser, launchChromium, newContext, watchErrors } from './support/browser';

jest.setTimeout(30_000);

describeWithBrowser('portal in Chromium, open scheme: vote, mine, results, explorer', () => {
  let node: InProcessNode;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    assertPortalBuilt();
    // The seed's open demo: voter IDs in clear, no authority, open from genesis.
    node = await startInProcessNode({ ELECTION: 'open-demo' });
    browser = await launchChromium();
    page = await (await newContext(browser)).newPage();
    // The node refuses a second ballot (409) and an unknown voter (422) on purpose below.
    errors = watchErrors(page, [/status of 409/, /status of 422/]);
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });

  it('casts a ballot and shows the node’s real answers', async () => {
    await page.goto(`${node.url}/vote`);
    await page.fill('#voter-id', 'VOID001');
    await page.selectOption('#party', 'Democratic Party');
    await page.click('#cast-vote');
    await page.waitForSelector('#vote-outcome.success');
    expect(await page.textContent('#vote-outcome')).toContain('Democratic Party');

    // The same voter again: the node answers 409 and the portal must say so, not "success".
    await page.fill('#voter-id', 'VOID001');
    await page.selectOption('#party', 'Socialist party');
    await page.click('#cast-vote');
    await page.waitForSelector('#vote-outcome.error');
    expect((await page.textContent('#vote-outcome'))!.toLowerCase()).toContain('already voted');

    await page.fill('#voter-id', 'NOT-ON-ROLL');
    await page.click('#cast-vote');
    await page.waitForFunction(() => /roll/i.test(document.querySelector('#vote-outcome')?.textContent ?? ''));
    expect(await page.getAttribute('#vote-outcome', 'class')).toContain('error');
  });

  it('mines from the dashboard and shows the outcome', async () => {
    await page.click('a[href="/admin"]');
    // Mining is an admin action: the page asks for the node's token first.
    await page.fill('#admin-token', ADMIN_TOKEN);
    await page.click('#admin-token-save');
    await page.waitForSelector('#admin-token-status.success');
    await page.click('#mine-button');
    await page.waitForFunction(() => /#1/.test(document.querySelector('#mine-outcome')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('#status-height')?.textContent?.trim() === '1');
  });

  it('shows the ballot in the results and the explorer', async () => {
    await page.click('a[href="/results"]');
    await page.waitForFunction(
      () => document.querySelector('#results-table tr[data-party="Democratic Party"] td.votes')?.textContent?.trim() === '1',
    );
    expect((await page.textContent('#results-total'))!).toContain('1');
    expect(await page.isVisible('#results-chart')).toBe(true);

    await page.click('a[href="/explorer"]');
    await page.waitForSelector('.block-row[data-index="1"]');
    await page.fill('#voter-lookup', 'VOID001');
    await page.click('#lookup-button');
    await page.waitForFunction(() => /block\s*#?1/i.test(document.querySelector('#lookup-result')?.textContent ?? ''));
    await page.click('.block-row[data-index="1"]');
    await page.waitForSelector('#block-detail');
    expect(await page.textContent('#block-detail')).toContain('VOID001');
    // The browser recomputed the block's hash, merkle root and proof of work with the shared rules.
    await page.waitForSelector('#block-check.success');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/portal-explorer.png', fullPage: true });
  });

  it('fits a phone-sized screen and is keyboard operable', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${node.url}/vote`);
    await page.waitForSelector('#voter-id');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.focus('#voter-id');
    await page.keyboard.type('VOID002');
    await page.selectOption('#party', 'Republican Party');
    await page.focus('#cast-vote');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#vote-outcome.success');
    await page.screenshot({ path: 'test-results/portal-phone.png', fullPage: true });
    expect(errors).toEqual([]);
    expect(cspViolations(page.context())).toEqual([]);
  });
});
