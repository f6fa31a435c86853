import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import type { BallotAccepted } from '../../api/http';
import { transactionLeaf } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';
import { readCodes } from '../support/activation-codes';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { castSecret, decryptedResults, electionKeys, signedBallot } from '../e2e/support/secret-voter';
import { assertPortalBuilt, cspViolations, describeWithBrowser, launchChromium, newContext, watchErrors } from './support/browser';

// The sealed demo makes an RSA-2048 credential key and three trustees before it answers: seconds.
jest.setTimeout(60_000);

/** A phone and a small tablet, upright. */
const SCREENS = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
];

/** How far the page itself scrolls sideways: long hashes must wrap, wide tables scroll inside their own box. */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describeWithBrowser('verify and results pages in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    assertPortalBuilt();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('on one node, as in the quick start', () => {
    let node: InProcessNode;

    beforeAll(async () => {
      node = await startInProcessNode({ ELECTION: 'open-demo' });
    });

    afterAll(async () => {
      await node?.stop();
    });

    it('follows a pending ballot into its block by itself, says calmly it was checked against this node only, and fits a phone', async () => {
      const http = node.app.getHttpServer();
      const cast = await request(http).post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' }).expect(201);
      const code = transactionLeaf((cast.body as BallotAccepted).ballot, sha256);

      const context = await newContext(browser, { viewport: SCREENS[0] });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${node.url}/verify/${code}`);
      await page.waitForSelector('#verify-outcome[data-outcome="pending"]');
      expect(await page.textContent('#verify-outcome')).toContain('This page checks again every 3 s');
      expect(await page.getAttribute('.outcome-region', 'aria-live')).toBe('polite');

      // Mined behind the page's back: the page must notice without a reload.
      await request(http).get('/mine').set(adminAuth()).expect(200);
      await page.waitForSelector('#verify-outcome[data-outcome="this-node-only"]');
      const said = (await page.textContent('#verify-outcome'))!.replace(/\s+/g, ' ').trim();
      expect(said).toBe(
        'Your ballot is in block #1 with 1 confirmation, checked against this node only: the proof leads from your tracking code to ' +
          'that block. Cross-checking needs a second node of this election, and no other node could be asked.',
      );
      expect(await page.getAttribute('#verify-outcome', 'class')).toContain('info');
      expect(await page.getAttribute('#verify-outcome', 'class')).not.toContain('error');
      // A ballot alone in its block has no sibling on the way to the root.
      expect((await page.textContent('.proof summary'))!.trim()).toBe("Merkle proof (no step: your ballot is the block's only one)");

      await page.click('.proof summary');
      for (const screen of SCREENS) {
        await page.setViewportSize(screen);
        expect({ screen, overflow: await pageOverflow(page) }).toEqual({ screen, overflow: 0 });
      }
      expect(errors).toEqual([]);
      expect(cspViolations(context)).toEqual([]);
      await context.close();

      // The same answer in French, its plural included.
      const french = await newContext(browser, { locale: 'fr-FR' });
      const frPage = await french.newPage();
      await frPage.goto(`${node.url}/verify/${code}`);
      await frPage.waitForSelector('#verify-outcome[data-outcome="this-node-only"]');
      expect((await frPage.textContent('#verify-outcome'))!.trim()).toMatch(
        /^Votre bulletin est dans le bloc n° 1 avec 1 confirmation, vérifié auprès de ce nœud seulement/,
      );
      expect((await frPage.textContent('.proof summary'))!.trim()).toBe(
        'Preuve de Merkle (aucune étape : votre bulletin est le seul du bloc)',
      );
      await french.close();
    });
  });

  describe('after a sealed election’s final result', () => {
    let node: InProcessNode;

    beforeAll(async () => {
      // The demo: open from the start, three trustees the node holds, any two decrypt.
      node = await startInProcessNode({ ELECTION: 'demo' });
      const keys = await electionKeys(node.url);
      const code = readCodes(node.dataDir).get('VOID001')!;
      await castSecret(node.url, await signedBallot(node.url, keys, 'VOID001', code, 'Socialist party')).expect(201);
      await request(node.url).post('/api/admin/close').set(adminAuth()).expect(200);
      await decryptedResults(node.url);
    });

    afterAll(async () => {
      await node?.stop();
    });

    it('offers the result as CSV and JSON with where its proofs are, keeps the digest on its own line, and fits a phone', async () => {
      const context = await newContext(browser, { viewport: SCREENS[0], acceptDownloads: true });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${node.url}/results`);
      await page.waitForSelector('#results-proofs [data-proof="decryption"]');

      // The digest and the sentence that explains it are two lines, not one run-on word.
      const digest = (await page.textContent('#results-digest'))!;
      const cell = await page.evaluate(() => document.querySelector('#results-digest')!.closest('dd')!.innerText);
      expect(cell).toMatch(new RegExp(`^${digest}\\n+Equal digests`));

      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#results-download-csv')]);
      expect(csv.suggestedFilename()).toBe('election-results.csv');
      const rows = readFileSync(await csv.path(), 'utf8').split('\n');
      expect(rows[0]).toBe('kind,name,votes,block_height,block_hash,detail');
      expect(rows).toContain('party,Socialist party,1,,,');
      expect(rows.filter((r) => r.startsWith('decryption,trustee ')).length).toBeGreaterThanOrEqual(2);
      const [json] = await Promise.all([page.waitForEvent('download'), page.click('#results-download-json')]);
      expect(json.suggestedFilename()).toBe('election-results.json');
      const exported = JSON.parse(readFileSync(await json.path(), 'utf8')) as { election_id: string };
      expect(exported).toMatchObject({ format: 'ballotchain-results/1', total: 1 });
      expect(await page.textContent('#results-verify-command')).toBe(
        `npm run verify -- --node ${node.url} --election ${exported.election_id}`,
      );

      for (const screen of SCREENS) {
        await page.setViewportSize(screen);
        expect({ screen, overflow: await pageOverflow(page) }).toEqual({ screen, overflow: 0 });
      }
      expect(errors).toEqual([]);
      expect(cspViolations(context)).toEqual([]);
      await context.close();
    });
  });

  describe('on a node waiting for its election', () => {
    let node: InProcessNode;

    beforeAll(async () => {
      node = await startInProcessNode({ ELECTION: 'setup' });
    });

    afterAll(async () => {
      await node?.stop();
    });

    it.each(['/results', '/verify', `/verify/${'ab'.repeat(32)}`])(
      'says on %s that no election exists yet, without an HTTP error',
      async (path) => {
        const context = await newContext(browser, { viewport: SCREENS[0] });
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(`${node.url}${path}`);
        const notice = path === '/results' ? '#results-no-election' : '#verify-no-election';
        await page.waitForSelector(notice);
        expect(await page.textContent(notice)).toContain('This node has no election yet');
        const shown = await page.innerText('main');
        expect(shown).not.toMatch(/HTTP|Cannot GET|404/);
        // Nothing was asked that only a node with an election answers: no failed request in the console.
        expect(errors).toEqual([]);
        expect(await pageOverflow(page)).toBe(0);
        await context.close();
      },
    );
  });
});
