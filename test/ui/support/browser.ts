import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { CLIENT_ROOT } from '../../../server/common/paths';

/*
 * Shared by the browser tests: Debian's Chromium driven by playwright-core, against the built portal that
 * every node serves from dist/client/browser.
 */

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const browserPresent = existsSync(CHROMIUM);
if (!browserPresent) {
  const message = `\n*** BROWSER TEST SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium) ***\n`;
  if (process.env['REQUIRE_BROWSER'] === '1') throw new Error(message + 'REQUIRE_BROWSER=1 makes this a failure.');
  process.stderr.write(message);
}

/** `describe` when Chromium is installed; otherwise skipped (a failure under REQUIRE_BROWSER=1, see above). */
export const describeWithBrowser: jest.Describe = browserPresent ? describe : describe.skip;

/** How long one Playwright action or wait may take before the test fails with its own message. */
export const STEP_TIMEOUT_MS = 15_000;

export function assertPortalBuilt(): void {
  if (!existsSync(join(CLIENT_ROOT, 'index.html'))) {
    throw new Error(`The portal is not built (${CLIENT_ROOT}): run npm run build:client first`);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const violations = new WeakMap<BrowserContext, string[]>();

/**
 * A fresh context (its own storage, like another browser profile) with the step timeout on every page,
 * recording every Content-Security-Policy violation any of its pages reports (see cspViolations).
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, ...options });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const seen: string[] = [];
  violations.set(context, seen);
  await context.exposeFunction('reportCspViolation', (text: string) => seen.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`);
    });
  });
  return context;
}

/** What the node's Content-Security-Policy refused in this context's pages: the portal must need nothing it forbids. */
export function cspViolations(context: BrowserContext): string[] {
  return violations.get(context) ?? [];
}

/**
 * Collects what a page reports as broken: uncaught exceptions and console errors. `expected` lists the
 * console messages a test provokes on purpose (a refused request is logged by the browser as an error).
 */
export function watchErrors(page: Page, expected: RegExp[] = []): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.some((re) => re.test(m.text()))) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** All of the page's localStorage, as one string, to look for what must not be there. */
export function localStorageText(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage))));
}

/** Ids used by more than one element on the page now: a label or an aria reference would point at the wrong one. */
export function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
}
