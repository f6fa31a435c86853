import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import type { ElectionCreated, MineResult, PeerInfo, ResultsResponse } from '../../api/http';
import { parseCodes } from '../support/activation-codes';
import { ADMIN_TOKEN, adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { waitFor } from '../support/wait';
import { expectAccessible, horizontalLayout, saveScreenshot } from './support/axe';
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

/*
 * Every page of the portal, in each of its states a voter, an observer or an official meets, checked by
 * axe-core (serious and critical violations fail), and the voters' pages at phone and tablet sizes (the
 * page itself must never scroll sideways). The node starts in setup mode, then runs a sealed election with
 * trustees it holds, so that it reaches its decrypted result; a second node joins it, as a receipt is
 * verified only against two.
 */

const PARTIES = ['Harbour Party', 'Alliance for Sustainable Harbour Development and Community Renewal', 'Independents'];
const VOTERS = ['A-0001', 'A-0002', 'A-0003'];
const ROLL_CSV = ['voter_id', ...VOTERS].join('\n') + '\n';
/** Well formed, and no voter's code. */
const WRONG_CODE = 'AAAA-BBBB-CCCC-DDDD';

const SIZES = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
];

describeWithBrowser('accessibility (axe-core) and phone sizes in Chromium: every page of a sealed election', () => {
  let node: InProcessNode;
  let peer: InProcessNode | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  /** Requests the node answered with an error, but the wrong code's: "status method path". */
  const refused: string[] = [];
  let codes: Map<string, string>;
  let trackingCode: string;
  let ballotBlock: number;

  async function mine(): Promise<number> {
    const res = await fetch(`${node.url}/mine`, { headers: adminAuth() });
    expect(res.status).toBe(200);
    const result = (await res.json()) as MineResult;
    if (!result.mined) throw new Error(`nothing mined: ${result.message}`);
    // The block is pushed to the peer; the verify page asks it too.
    await waitFor(async () => (await fetch(`${peer!.url}/api/headers/${result.index}`)).status === 200, {
      timeoutMs: STEP_TIMEOUT_MS,
      what: `the peer to serve the header of block ${result.index}`,
    });
    return result.index;
  }

  async function admin(path: string, method: 'POST' | 'DELETE', body?: unknown): Promise<Response> {
    const res = await fetch(`${node.url}${path}`, {
      method,
      headers: { ...adminAuth(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  }

  async function identify(voterId: string, code: string): Promise<void> {
    await page.fill('#voter-id', voterId);
    await page.fill('#activation-code', code);
    await page.click('#request-credential');
  }

  /** The recovery kit's step, offered before the credential is requested: continues past it. */
  async function continuePastKit(): Promise<void> {
    await page.click('#get-credential');
  }

  /** Waits for the outcome message to have `kind` (success, info, error); a timeout quotes what it says instead. */
  async function outcome(id: string, kind: string): Promise<void> {
    try {
      await page.locator(`#${id}.${kind}`).waitFor();
    } catch (e) {
      const shown = await page
        .locator(`#${id}`)
        .first()
        .textContent({ timeout: 1_000 })
        .catch(() => null);
      throw new Error(`#${id} never showed ${kind}: it says ${JSON.stringify(shown?.trim() ?? null)}`, { cause: e });
    }
  }

  /** The fonts in place, and a frame drawn: what axe measures (colours, sizes) is what a reader sees. */
  async function settled(on: Page = page): Promise<void> {
    await on.evaluate(async () => {
      await document.fonts.ready;
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
  }

  async function audit(name: string, on: Page = page): Promise<void> {
    await settled(on);
    await expectAccessible(on, name);
  }

  beforeAll(async () => {
    assertPortalBuilt();
    node = await startInProcessNode({ ELECTION: 'setup' });
    browser = await launchChromium();
    context = await newContext(browser);
    page = await context.newPage();
    // The activation codes kept on the node make the admin page ask before it is left: go on.
    page.on('dialog', (dialog: Dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()));
    // Provoked: the node restarting with its new election (the page's polls meet a closed port), and a wrong code.
    errors = watchErrors(page, [/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/, /status of 401/]);
    page.on('response', (r) => {
      if (r.status() >= 400 && !(r.status() === 401 && r.url().endsWith('/credentials/check'))) {
        refused.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await peer?.stop();
    await node?.stop();
  });

  describe('Admin, from a node without an election to its new election', () => {
    it('the admin token entry', async () => {
      await page.goto(`${node.url}/admin`);
      await page.locator('#admin-token').waitFor();
      await page.locator('#no-election').waitFor();
      await audit('admin: setup, token entry');
    });

    it('the form that creates the election, once the token is given', async () => {
      await page.fill('#admin-token', ADMIN_TOKEN);
      await page.click('#admin-token-save');
      await page.locator('#admin-token-status.success').waitFor();
      await page.locator('#election-title').waitFor();
      // The fields of a sealed election with trustees this node holds.
      await page.selectOption('#election-scheme', 'secret');
      await page.check('#election-key-holders-demo');
      await page.locator('#election-demo-trustees').waitFor();
      await audit('admin: setup, create-election form');
    });

    it('the activation codes the node keeps until their download is confirmed', async () => {
      // Created through the API, as the form sends it: three trustees held here, any two decrypt.
      const res = await admin('/api/admin/election', 'POST', {
        title: 'Harbour club board 2026',
        parties: PARTIES,
        difficulty: 1,
        scheme: 'secret',
        roll_csv: ROLL_CSV,
        demo_trustees: 3,
        threshold: 2,
        blank: true,
      });
      codes = parseCodes(((await res.json()) as ElectionCreated).codes_csv);
      await node.whenElectionReady();
      await admin('/api/admin/open', 'POST');
      // The Admin page offers the codes the node still keeps.
      await page.goto(`${node.url}/admin`);
      await page.locator('#codes-warning').waitFor();
      await page.locator('#election-phase').waitFor();
      await audit('admin: activation codes to download');
    });
  });

  describe('Admin, on the election’s node', () => {
    beforeAll(async () => {
      // The codes are in hand: the node deletes its copy, and the Admin page no longer offers them.
      await admin('/api/admin/activation-codes', 'DELETE');
      // A receipt is verified only once a second node serves its block: one node joins, and the authority lists it.
      peer = await startInProcessNode({ ELECTION: 'join', PEERS: node.url });
      await waitFor(async () => ((await (await fetch(`${node.url}/api/peers`)).json()) as PeerInfo[]).some((p) => p.url === peer!.url), {
        timeoutMs: STEP_TIMEOUT_MS,
        what: 'the node to list the joining node as a peer',
      });
    });

    it('the admin token entry', async () => {
      // Another browser profile: no token in its session.
      const fresh = await newContext(browser);
      try {
        const other = await fresh.newPage();
        const otherErrors = watchErrors(other);
        await other.goto(`${node.url}/admin`);
        await other.locator('#admin-token').waitFor();
        await other.locator('#election-phase').waitFor();
        await audit('admin: token entry', other);
        expect(otherErrors).toEqual([]);
        expect(cspViolations(fresh)).toEqual([]);
      } finally {
        await fresh.close();
      }
    });

    it('the dashboard once the token is given', async () => {
      await page.goto(`${node.url}/admin`);
      await page.locator('#election-phase', { hasText: 'open' }).waitFor();
      await page.locator('#ceremony-state').waitFor();
      await page.locator('#trustees-table tbody tr').first().waitFor();
      await page.locator('#audit-table tr[data-verdict="self"]').waitFor();
      await audit('admin: dashboard');
    });
  });

  describe('Vote, each step', () => {
    it('voter ID and activation code', async () => {
      await page.goto(`${node.url}/vote`);
      await page.locator('#voter-id').waitFor();
      await page.locator('#activation-code').waitFor();
      await audit('vote: ID and code entry');
    });

    it('a wrong activation code refused', async () => {
      // Refused at once: the code is checked before the recovery kit is offered.
      await identify(VOTERS[0], WRONG_CODE);
      await outcome('vote-outcome', 'error');
      await audit('vote: wrong code refused');
    });

    it('the recovery kit offered before the credential is requested', async () => {
      await identify(VOTERS[0], codes.get(VOTERS[0])!);
      await page.locator('#get-credential').waitFor();
      await audit('vote: recovery kit');
    });

    it('the choice', async () => {
      await continuePastKit();
      await page.locator('#party-0').waitFor();
      await page.locator('#party-blank').waitFor();
      await audit('vote: choice');
    });

    it('the confirmation', async () => {
      await page.check('#party-1');
      await page.click('#confirm-ballot');
      await page.locator('#cast-ballot').waitFor();
      await page.locator('#chosen-party').waitFor();
      await audit('vote: confirm');
    });

    it('the receipt', async () => {
      await page.click('#cast-ballot');
      await page.locator('#vote-accepted').waitFor();
      trackingCode = ((await page.textContent('#tracking-code')) ?? '').trim();
      expect(trackingCode).toMatch(/^[0-9a-f]{64}$/);
      await page.locator('#receipt-qr').waitFor();
      await audit('vote: receipt');
    });
  });

  describe('Verify, with the receipt’s tracking code', () => {
    it('while the ballot waits for a block', async () => {
      await page.goto(`${node.url}/verify/${trackingCode}`);
      await outcome('verify-outcome', 'info');
      await audit('verify: ballot pending');
    });

    it('once the ballot is in a block', async () => {
      ballotBlock = await mine();
      await page.goto(`${node.url}/verify/${trackingCode}`);
      await outcome('verify-outcome', 'success');
      await page.locator('#verify-nodes').waitFor();
      await audit('verify: ballot confirmed');
    });
  });

  describe('Results and explorer while the election is open', () => {
    it('the results, sealed', async () => {
      await page.goto(`${node.url}/results`);
      await page.locator('#results-sealed').waitFor();
      await page.locator('#results-final').waitFor();
      await audit('results: open, sealed');
    });

    it('the block list', async () => {
      await page.goto(`${node.url}/explorer`);
      await page.locator(`.block-row[data-index="${ballotBlock}"]`).waitFor();
      await page.locator('.block-row[data-index="0"]').waitFor();
      await audit('explorer: block list');
    });

    it('a block with transactions', async () => {
      await page.click(`.block-row[data-index="${ballotBlock}"]`);
      await page.locator('#block-detail-heading', { hasText: `#${ballotBlock}` }).waitFor();
      await page.locator('#block-detail tbody tr').first().waitFor();
      await audit(`explorer: block #${ballotBlock} with its transactions`);
    });

    it('the genesis block', async () => {
      await page.click('.block-row[data-index="0"]');
      await page.locator('#election-manifest').waitFor();
      await page.locator('#block-check').waitFor();
      await audit('explorer: genesis block');
    });
  });

  /** Loads the page at the size, saves its screenshot, and fails if the page scrolls sideways. */
  async function checkSize(name: string, path: string, ready: string, size: { width: number; height: number }): Promise<void> {
    await page.setViewportSize(size);
    await page.goto(`${node.url}${path}`);
    await page.locator(ready).first().waitFor();
    await settled();
    await saveScreenshot(page, name);
    const layout = await horizontalLayout(page);
    if (layout.scrollWidth > layout.innerWidth) {
      throw new Error(
        `${name} at ${size.width}×${size.height} scrolls sideways: the page is ${layout.scrollWidth} px wide for a ${layout.innerWidth} px screen.\n` +
          `Reaching past the screen's edge:\n${layout.outside.map((o) => `- ${o}`).join('\n') || '- (no single element found)'}`,
      );
    }
  }

  describe('Phone and tablet sizes: no sideways scroll', () => {
    afterAll(() => page.setViewportSize({ width: 1024, height: 900 }));

    it.each(SIZES)('vote at $width×$height', async (size) => {
      await checkSize('vote', '/vote', '#voter-id', size);
    });

    it.each(SIZES)('verify, with a confirmed ballot, at $width×$height', async (size) => {
      await checkSize('verify', `/verify/${trackingCode}`, '#verify-outcome.success', size);
    });
  });

  describe('Results after the close', () => {
    it('the final, decrypted result', async () => {
      await admin('/api/admin/close', 'POST');
      // The trustees held here decrypt by themselves once the election is closed.
      await waitFor(
        async () => {
          const results = (await (await fetch(`${node.url}/api/results`)).json()) as ResultsResponse;
          return results.final && results.sealed?.state === 'decrypted';
        },
        { timeoutMs: 30_000, what: 'the decrypted final result' },
      );
      await page.goto(`${node.url}/results`);
      await page.locator('#results-final.success').waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.locator('#results-table').waitFor();
      await audit('results: final');
    });

    it.each(SIZES)('final results at $width×$height', async (size) => {
      try {
        await checkSize('results', '/results', '#results-table', size);
      } finally {
        await page.setViewportSize({ width: 1024, height: 900 });
      }
    });
  });

  it('left no Content-Security-Policy violation, axe-core included', () => {
    expect(cspViolations(context)).toEqual([]);
  });

  it('left no page error, and no request refused but the wrong code', () => {
    expect({ errors, refused }).toEqual({ errors: [], refused: [] });
  });
});
