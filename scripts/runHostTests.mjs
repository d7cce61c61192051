// npm run test:host — the mocha suite in test/host inside a real VS Code extension host, offline:
// code-server's VS Code server + Debian Chromium, the extension loaded from this folder, pointed
// at a fresh sandbox. Prints mocha's summary and exits non-zero on any failure or timeout.
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureVscodeHost, freePort, launchChromium, makeWorkspace, readJsonMaybe, startSandboxProcess, startVscodeServer, workbenchUrl } from './lib/vscodeHost.mjs';

const TIMEOUT_MS = Number(process.env.DFW_HOST_TIMEOUT_MS ?? 8 * 60_000);
const cleanup = [];
const stop = () => { for (const f of cleanup.reverse()) { try { f(); } catch { /* best effort */ } } };
process.on('SIGINT', () => { stop(); process.exit(130); });

async function main() {
  ensureVscodeHost();
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const tmp = mkdtempSync(join(tmpdir(), 'dfw-host-'));
  cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));
  const sandbox = await startSandboxProcess(['--data', join(tmp, 'sandbox')]);
  cleanup.push(() => sandbox.child.kill());
  const ws = makeWorkspace(join(tmp, 'workspace'), sandbox.endpoints);
  const results = join(tmp, 'results.json');
  const port = await freePort();
  const server = await startVscodeServer({ port, userDataDir: join(tmp, 'user-data'), extensionsDir: join(tmp, 'extensions'),
    env: { DFW_HOST_RESULTS: results, DFW_TEST_SANDBOX: JSON.stringify(sandbox.endpoints), DFW_TEST_WORKSPACE: ws } });
  cleanup.push(() => server.child.kill());
  const browser = await launchChromium();
  cleanup.push(() => { void browser.close(); });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  await page.goto(workbenchUrl(port, ws, [['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'host', 'index.js'))]]));
  const started = Date.now();
  while (!existsSync(results)) {
    if (Date.now() - started > TIMEOUT_MS) {
      await page.screenshot({ path: join(ROOT, 'test-results', 'host-timeout.png') }).catch(() => undefined);
      throw new Error(`No host test results after ${TIMEOUT_MS / 1000} s. Server log:\n${server.log().slice(-4000)}\nPage errors:\n${errors.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 300));
  const r = readJsonMaybe(results);
  for (const f of r.failures) console.log(`\n  ✗ ${f.title}\n    ${f.message}\n${(f.stack ?? '').split('\n').slice(1, 8).join('\n')}`);
  console.log(`\n  ${r.passes} passing${r.pending ? `\n  ${r.pending} pending` : ''}\n  ${r.failures.length} failing`);
  console.log(`${r.passes} passed, ${r.failures.length} failed`);
  return r.failures.length ? 1 : 0;
}

main().then((code) => { stop(); process.exit(code); }, (err) => { console.error(`test:host: ${err.message ?? err}`); stop(); process.exit(1); });
