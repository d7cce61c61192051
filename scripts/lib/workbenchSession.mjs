// One VS Code-in-Chromium session on a fresh sandbox, for the demo and the UI tests.
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureVscodeHost, freePort, launchChromium, makeWorkspace, startSandboxProcess, startVscodeServer, workbenchUrl } from './vscodeHost.mjs';

export async function startSession({ port, dataDir, keep = false } = {}) {
  ensureVscodeHost();
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const tmp = mkdtempSync(join(tmpdir(), 'dfw-session-'));
  const cleanup = [() => { if (!keep) rmSync(tmp, { recursive: true, force: true }); }];
  const sandboxData = dataDir ?? join(tmp, 'sandbox');
  mkdirSync(sandboxData, { recursive: true });
  const sandbox = await startSandboxProcess(['--data', sandboxData]);
  cleanup.push(() => sandbox.child.kill());
  const ws = makeWorkspace(join(dataDir ? join(dataDir, '..') : tmp, 'workspace'), sandbox.endpoints);
  const p = port ?? await freePort();
  const server = await startVscodeServer({ port: p, userDataDir: join(tmp, 'user-data'), extensionsDir: join(tmp, 'extensions') });
  cleanup.push(() => server.child.kill());
  const url = workbenchUrl(p, ws, [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${p}${ROOT}`]]);
  return {
    url, sandbox, ws, port: p,
    stop() { for (const f of cleanup.reverse()) { try { f(); } catch { /* best effort */ } } },
  };
}

/** Opens the workbench and waits until the Dataflow Workbench views show sandbox workspaces. */
export async function openWorkbench(url) {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return { browser, page };
}

export async function showDataflowWorkbench(page) {
  const tab = page.locator('.activitybar [aria-label^="Dataflow Workbench"]').first();
  await tab.waitFor({ timeout: 60_000 });
  await tab.click();
  await page.locator('.monaco-list-row', { hasText: 'Sales [Dev]' }).first().waitFor({ timeout: 60_000 });
}
