import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { TEST_PASSWORD } from './factories.ts';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Content-Security-Policy violations Chromium reported, per page: every journey fails on one. */
const cspViolations = new WeakMap<Page, string[]>();

function watchCsp(page: Page) {
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
}

/**
 * Launches Debian's Chromium headless (never a downloaded browser), with the flags this machine needs.
 * Every page it opens is watched for Content-Security-Policy violations (an inline script or style).
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('page', watchCsp);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    if (!cspViolations.has(page)) watchCsp(page);
    return page;
  };
  return browser;
}

function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The widths every page must fit without scrolling sideways: a small phone and a common laptop. */
export const checkedWidths = [360, 1366] as const;

/** Where the screenshots of every checked page go (a test artifact, git-ignored). */
export const screensDir = 'test-results/screens';

/** How many pixels the page scrolls sideways at its current width (0 or less: it fits). */
export const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const shotName = (label: string, width: number) =>
  `${label
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)}-${width}.png`;

/**
 * Lays the page out at 360 px and at 1366 px wide and fails when it scrolls sideways at either (a wide
 * table must become cards or scroll inside its own region); saves a full-page screenshot of each to
 * test-results/screens/. The viewport is put back as it was.
 */
export async function assertFitsWidths(page: Page, label = page.url()) {
  const original = page.viewportSize();
  const wide: string[] = [];
  fs.mkdirSync(screensDir, { recursive: true });
  for (const width of checkedWidths) {
    await page.setViewportSize({ width, height: original?.height ?? 800 });
    const over = await sideways(page);
    if (over > 0) {
      // The innermost elements that stick out (none of their children does), to say what to fix.
      // A string, not a function: the test's TypeScript loader would wrap named functions in a helper
      // (__name) the page does not have.
      const culprits: string[] = await page.evaluate(`(() => {
        const w = window.innerWidth + 1;
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
          if (el.getBoundingClientRect().right <= w) continue;
          if ([...el.children].some((c) => c.getBoundingClientRect().right > w)) continue;
          const text = (el.textContent || '').trim().slice(0, 24);
          out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.') +
            ' "' + text + '" (' + Math.round(el.getBoundingClientRect().right) + 'px)');
          if (out.length >= 6) break;
        }
        return out;
      })()`);
      wide.push(`${width}px: ${over}px too wide — ${culprits.join(', ')}`);
    }
    await page.screenshot({ path: `${screensDir}/${shotName(label, width)}`, fullPage: true });
  }
  if (original) await page.setViewportSize(original);
  assert.deepEqual(wide, [], `${label} scrolls sideways`);
}

/**
 * Runs axe on the page and fails with the list of violations (WCAG 2.1 A and AA), or with any
 * Content-Security-Policy violation the page has reported so far; then checks that the page fits a
 * 360 px phone and a 1366 px screen without scrolling sideways (assertFitsWidths).
 */
export async function assertAccessible(page: Page, label = page.url()) {
  assert.deepEqual(cspViolations.get(page) ?? [], [], `Content-Security-Policy violations on ${label}`);
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag it would).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    );
  });
  assert.deepEqual(violations, [], `accessibility violations on ${label}`);
  await assertFitsWidths(page, label);
}

/** Signs a page in through the sign-in form (the test password unless given) and waits to leave /login. */
export async function signIn(page: Page, baseUrl: string, username: string, password = TEST_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('ชื่อผู้ใช้').fill(username);
  await page.getByLabel('รหัสผ่าน').fill(password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
