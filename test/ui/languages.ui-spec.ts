import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { assertPortalBuilt, cspViolations, describeWithBrowser, launchChromium, newContext, watchErrors } from './support/browser';

jest.setTimeout(30_000);

/** What the portal shows of itself: the document's language, the switch's value, the navigation's texts. */
async function portalLanguage(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    chosen: document.querySelector<HTMLSelectElement>('.language-switch select')?.value,
    switchLabel: document.querySelector('.language-switch .visually-hidden')?.textContent?.trim(),
    nav: Array.from(document.querySelectorAll('nav[aria-label] a')).map((a) => a.textContent?.trim()),
    mined: document.querySelector('.block-row[data-index="1"] .block-row__time')?.textContent?.trim(),
  }));
}

describeWithBrowser('portal languages in Chromium', () => {
  let node: InProcessNode;
  let browser: Browser;

  beforeAll(async () => {
    assertPortalBuilt();
    node = await startInProcessNode({ ELECTION: 'open-demo' });
    await request(node.app.getHttpServer()).post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' });
    await request(node.app.getHttpServer()).get('/mine').set(adminAuth()).expect(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });

  it('speaks the browser’s language, with its dates, and keeps the election’s own texts', async () => {
    const context = await newContext(browser, { locale: 'fr-FR' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${node.url}/explorer`);
    await page.waitForSelector('.block-row[data-index="1"]');

    const shown = await portalLanguage(page);
    expect(shown.lang).toBe('fr');
    expect(shown.chosen).toBe('fr');
    expect(shown.switchLabel).toBe('Langue');
    expect(shown.nav).toEqual(['Voter', 'Vérifier', 'Résultats', 'Explorateur', 'Administration']);
    // Angular's French medium format, "2 déc. 2026, 19:30:00", not the English "Dec 2, 2026, 7:30:00 PM".
    expect(shown.mined).toMatch(/^\d{1,2} \S+ \d{4}(,| à) \d{2}:\d{2}:\d{2}$/);

    // The election's title and parties are the official's words, in every language.
    await page.click('a[href="/results"]');
    await page.waitForSelector('#results-table tr[data-party="Democratic Party"]');

    expect(errors).toEqual([]);
    expect(cspViolations(context)).toEqual([]);
    await context.close();
  });

  it('lets the voter switch, and remembers the choice on this browser', async () => {
    const context = await newContext(browser, { locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${node.url}/explorer`);
    await page.waitForSelector('.block-row[data-index="1"]');

    await Promise.all([page.waitForEvent('load'), page.selectOption('.language-switch select', 'en')]);
    await page.waitForSelector('.block-row[data-index="1"]');
    const english = await portalLanguage(page);
    expect(english.lang).toBe('en');
    expect(english.chosen).toBe('en');
    expect(english.nav).toEqual(['Vote', 'Verify', 'Results', 'Explorer', 'Admin']);
    expect(english.mined).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M$/);

    // Another visit of the same browser keeps English though the browser still prefers French.
    await page.goto(`${node.url}/explorer`);
    await page.waitForSelector('.block-row[data-index="1"]');
    expect((await portalLanguage(page)).lang).toBe('en');
    expect(cspViolations(context)).toEqual([]);
    await context.close();
  });
});
