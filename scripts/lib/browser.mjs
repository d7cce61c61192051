// Headless Debian Chromium through playwright-core, opening the VS Code web workbench.
import { CHROMIUM } from './vscodeHost.mjs';
import { log, onCleanup } from './processes.mjs';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-breakpad', '--disable-crash-reporter'];

/** Launches Chromium; it is closed by the runner's cleanup (our signal handlers, not Playwright's). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  onCleanup(() => browser.close().catch(() => undefined));
  return browser;
}

/**
 * Opens `url` in a new page and waits for the workbench to render. Page errors are collected in
 * `errors` (offline noise about open-vsx.org, the service worker and vsda is expected there).
 */
export async function openWorkbench(url, { viewport = { width: 1440, height: 900 } } = {}) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const started = Date.now();
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 90_000 });
  log('browser', `workbench rendered in ${Date.now() - started} ms`);
  return { browser, page, errors };
}

/**
 * Clicks the "Dataflow Workbench" activity-bar container and, if `populatedBy` is given, waits
 * until a tree row with that label is shown (the views loaded data from the sandbox).
 */
export async function showDataflowWorkbench(page, { populatedBy, timeout = 90_000 } = {}) {
  const tab = page.locator('.activitybar [aria-label^="Dataflow Workbench"]').first();
  await tab.waitFor({ timeout });
  if (!(await page.locator('.sidebar .title-label', { hasText: /Dataflow Workbench/i }).count())) await tab.click();
  if (populatedBy) await page.locator('.monaco-list-row', { hasText: populatedBy }).first().waitFor({ timeout });
  await page.mouse.move(700, 450); // away from the activity bar, so its hover doesn't cover the view
}
