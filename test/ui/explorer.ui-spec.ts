import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { assertPortalBuilt, cspViolations, describeWithBrowser, launchChromium, newContext, watchErrors } from './support/browser';

jest.setTimeout(60_000);

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };

/** How the header's navigation lies: the rows its links take, and whether it or the page is wider than the screen. */
function navLayout(page: Page) {
  return page.evaluate(() => {
    const links = Array.from(document.querySelectorAll<HTMLElement>('nav[aria-label] a'));
    const rows = new Set(links.map((a) => Math.round(a.getBoundingClientRect().top)));
    const nav = document.querySelector('nav[aria-label]')!.getBoundingClientRect();
    const language = document.querySelector('.site-header .language-switch')?.getBoundingClientRect();
    return {
      links: links.map((a) => a.textContent?.trim()),
      rows: rows.size,
      navInside: nav.left >= 0 && nav.right <= window.innerWidth,
      // Every link shows its whole label, none cut by its neighbour or the screen's edge.
      labelsWhole: links.every((a) => a.scrollWidth <= a.clientWidth && a.getBoundingClientRect().right <= window.innerWidth),
      languageInside: language !== undefined && language.right <= window.innerWidth,
      pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

/** The transactions of the open block: each cell whole inside the panel, and the name of its column beside it. */
function transactionCells(page: Page) {
  return page.evaluate(() => {
    const panel = document.querySelector('#block-detail')!.getBoundingClientRect();
    const box = document.querySelector<HTMLElement>('#block-detail .table-scroll')!;
    const cells = Array.from(document.querySelectorAll<HTMLElement>('#block-detail tbody td'));
    return {
      cut: box.scrollWidth > box.clientWidth,
      outside: cells.filter((td) => td.getBoundingClientRect().right > panel.right + 0.5).map((td) => td.className),
      labels: cells.map((td) => getComputedStyle(td, '::before').content),
      text: cells.map((td) => td.textContent?.trim()),
    };
  });
}

describeWithBrowser('explorer in Chromium: a phone, a tablet, and a node without an election', () => {
  let node: InProcessNode;
  let browser: Browser;

  beforeAll(async () => {
    assertPortalBuilt();
    node = await startInProcessNode({ ELECTION: 'open-demo' });
    await request(node.url).post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' }).expect(201);
    await request(node.url).get('/mine').set(adminAuth()).expect(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });

  it.each([
    ['a phone', PHONE, 'en-US'],
    ['a phone, in French', PHONE, 'fr-FR'],
    ['a tablet', TABLET, 'en-US'],
    ['a tablet, in French', TABLET, 'fr-FR'],
  ])('on %s the navigation fits on one row, the language switch at its end', async (_what, viewport, locale) => {
    const context = await newContext(browser, { viewport, locale });
    const page = await context.newPage();
    const errors = watchErrors(page);
    // The current page's link is marked: on each page, the row must still hold all five.
    for (const path of ['/explorer', '/admin', '/results']) {
      await page.goto(`${node.url}${path}`);
      await page.waitForSelector(`nav a.active[href="${path}"]`);
      const layout = await navLayout(page);
      expect({ path, ...layout }).toEqual({
        path,
        links: layout.links,
        rows: 1,
        navInside: true,
        labelsWhole: true,
        languageInside: true,
        pageScrollsSideways: false,
      });
      expect(layout.links).toHaveLength(5);
    }
    expect(errors).toEqual([]);
    expect(cspViolations(context)).toEqual([]);
    await context.close();
  });

  it('on a phone, a block’s transactions are cards: every value whole, under the name of its column', async () => {
    const context = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${node.url}/explorer`);
    await page.click('.block-row[data-index="1"]');
    await page.waitForSelector('#block-detail tbody td.party');
    const cells = await transactionCells(page);
    expect(cells.cut).toBe(false);
    expect(cells.outside).toEqual([]);
    expect(cells.labels).toEqual(['"Type"', '"Voter ID"', '"Party"', '"Time"']);
    expect(cells.text.slice(0, 3)).toEqual(['Ballot', 'VOID001', 'Democratic Party']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the genesis block as the election’s manifest, checked in the browser', async () => {
    const context = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${node.url}/explorer`);
    await page.waitForSelector('.block-row[data-index="0"]');
    // As the row reads on screen (innerText: with its capital letter).
    const row = (index: number, part: string) => page.innerText(`.block-row[data-index="${index}"] .block-row__${part}`);
    expect([await row(0, 'contents'), await row(0, 'time')]).toEqual(['Election manifest', 'Genesis block: not mined']);
    expect(await row(1, 'contents')).toBe('1 ballot');
    await page.click('.block-row[data-index="0"]');
    await page.waitForSelector('#election-manifest');
    expect(await page.getAttribute('#block-check', 'class')).toContain('success');
    const detail = (await page.textContent('#block-detail'))!;
    expect(detail).not.toMatch(/1970|Mined at/);
    expect(await page.textContent('#election-manifest .manifest-scheme')).toMatch(
      /Open: each ballot shows its voter ID and party in clear/,
    );
    expect(await page.$$eval('#election-manifest .manifest-parties li', (lis) => lis.map((li) => li.textContent?.trim()))).toEqual([
      'Democratic Party',
      'Republican Party',
      'Socialist party',
    ]);
    expect(await page.textContent('#election-manifest .manifest-roll')).toMatch(/15 voter IDs, published here/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on a node without an election, says so plainly, with no HTTP error', async () => {
    const setup = await startInProcessNode({ ELECTION: 'setup' });
    try {
      const context = await newContext(browser, { viewport: PHONE });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${setup.url}/explorer`);
      await page.waitForSelector('#explorer-no-election');
      const shown = (await page.textContent('main'))!.replace(/\s+/g, ' ');
      expect(shown).toContain('This node has no election yet, so there are no blocks to explore.');
      expect(shown).not.toMatch(/HTTP|404|not-found|Cannot GET/);
      // No request failed on the way: the page asked for no blocks.
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await setup.stop();
    }
  });
});
