import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import type { ConsoleMessage, Page } from 'playwright-core';
import { cspViolations } from './browser';

/*
 * axe-core in the portal's pages, and the page-level layout checks that go with it.
 *
 * The node's Content-Security-Policy allows script only from its own files: a <script> with axe's source
 * in it (Playwright's addScriptTag with `content`) is inline and refused. page.evaluate() hands the source
 * to the DevTools protocol, which runs it in the page without the policy applying to it; runAxe() checks
 * that axe's own work then makes the page report no violation of the policy either.
 */

/** The impacts that fail a page. */
export const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

/** Where the layout checks leave their screenshots: test-results/screenshots/<page>-<width>x<height>.png. */
export const SCREENSHOT_DIR = resolve(__dirname, '../../../test-results/screenshots');

let axeSource: string | undefined;

function source(): string {
  axeSource ??= readFileSync(require.resolve('axe-core'), 'utf8');
  return axeSource;
}

type AxeWindow = Window & { axe?: { run(context: Document, options: RunOptions): Promise<AxeResults> } };

/** Puts axe-core into the page unless it is there already (it stays until the next full page load). */
export async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as AxeWindow).axe?.run === 'function');
  if (present) return;
  // Evaluated as a script, not as a function: its last value (the axe object) is not returned.
  await page.evaluate(`${source()}\n;undefined`);
}

/** One rule's failure, as the report prints it. */
export interface AxeFinding {
  id: string;
  impact: ImpactValue;
  help: string;
  helpUrl: string;
  /** A CSS selector for each element the rule fails on (a path through shadow roots or frames joined with " >>> "). */
  targets: string[];
  /** axe's explanation for the first element. */
  summary: string;
}

/** The serious and critical findings of axe-core's default rules on the whole page, as it is now. */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  const cspBefore = cspViolations(page.context()).length;
  // A refusal in a document axe makes for itself is logged, but never reaches the page's own listener.
  const logged: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (/Content Security Policy/i.test(m.text())) logged.push(m.text());
  };
  page.on('console', onConsole);
  let violations: (Omit<AxeFinding, 'impact'> & { impact: ImpactValue | null })[];
  try {
    await injectAxe(page);
    violations = await page.evaluate(async () => {
      const axe = (window as AxeWindow).axe!;
      // No preload: axe would copy the page's style sheets into <style> elements of a document of its own,
      // which the policy refuses (style-src 'self'); only css-orientation-lock needs them.
      const results = await axe.run(document, { resultTypes: ['violations'], preload: false });
      return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' >>> ')),
        summary: v.nodes[0]?.failureSummary ?? '',
      }));
    });
    // One more round trip: what the run made the page report has arrived by its answer.
    await page.evaluate(() => new Promise((done) => setTimeout(done, 0)));
  } finally {
    page.off('console', onConsole);
  }
  const refused = [...cspViolations(page.context()).slice(cspBefore), ...logged];
  if (refused.length > 0) {
    throw new Error(`Running axe-core made the page report Content-Security-Policy violations:\n${refused.join('\n')}`);
  }
  return violations
    .filter((v): v is AxeFinding => v.impact !== null && FAILING_IMPACTS.includes(v.impact))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The findings as lines for a failure message: rule, impact, help, and where. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map((f) =>
      [
        `- ${f.id} (${f.impact}): ${f.help}`,
        `    ${f.helpUrl}`,
        ...f.targets.map((t) => `    at ${t}`),
        ...f.summary.split('\n').map((line) => `    | ${line.trim()}`),
      ].join('\n'),
    )
    .join('\n');
}

/**
 * Fails with a readable message when axe-core finds any serious or critical violation on the page.
 * `name` says which page and state this is, as the report should name it.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const findings = await runAxe(page);
  if (findings.length === 0) return;
  const path = new URL(page.url()).pathname;
  throw new Error(`axe-core: ${findings.length} serious or critical violation(s) on ${name} (${path}):\n${describeFindings(findings)}`);
}

/** How the page lies sideways: whether it scrolls, and the elements that stick out of the screen on their own. */
export interface HorizontalLayout {
  scrollWidth: number;
  innerWidth: number;
  /**
   * The outermost elements reaching past the right edge of the screen outside any box that scrolls or clips
   * them, as "selector (right edge in px)": what makes the page wider than the screen.
   */
  outside: string[];
}

export function horizontalLayout(page: Page): Promise<HorizontalLayout> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    /** Inside a box that scrolls or clips sideways (a table in its own scroller): not the page's width. */
    const contained = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const sticksOut = (el: Element): boolean => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 0.5 && !contained(el);
    };
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const classes = Array.from(e.classList)
          .slice(0, 2)
          .map((c) => `.${c}`)
          .join('');
        parts.unshift(e.id ? `${e.tagName.toLowerCase()}#${e.id}` : `${e.tagName.toLowerCase()}${classes}`);
        if (e.id) break;
      }
      return parts.join(' > ');
    };
    const outside = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => sticksOut(el) && !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)))
      .slice(0, 12)
      .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, outside };
  });
}

/** Saves a full-page screenshot as test-results/screenshots/<name>-<width>x<height>.png; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const size = page.viewportSize();
  if (!size) throw new Error('the page has no fixed viewport to name its screenshot by');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${size.width}x${size.height}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
