// npm run test:host [-- --grep PATTERN] — the mocha suite in test/host inside a real VS Code
// extension host, offline: code-server's VS Code 1.100 server + Debian Chromium, the extension
// loaded from this folder, pointed at a fresh sandbox. out/test/host/index.js (the tests entry)
// writes its results to $DFW_HOST_RESULTS; this script waits for that file, prints the summary
// and every failure, and exits non-zero on any failure, on a timeout or when no test ran.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { log, runMain } from './lib/processes.mjs';
import { openWorkbench } from './lib/browser.mjs';
import { startSession, tempDir } from './lib/workbenchSession.mjs';
import { ROOT, readJsonMaybe } from './lib/vscodeHost.mjs';

const TIMEOUT_MS = Number(process.env.DFW_HOST_TIMEOUT_MS ?? 8 * 60_000);
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt > 0 ? process.argv[grepAt + 1] : process.env.DFW_HOST_GREP;

runMain('test:host', async () => {
  const started = Date.now();
  // The results path must be known before the server starts (the extension host inherits its env).
  const results = join(tempDir('dfw-host-results-'), 'results.json');
  const session = await startSession({
    testsPath: join(ROOT, 'out', 'test', 'host', 'index.js'),
    env: { DFW_HOST_RESULTS: results, ...(grep ? { DFW_HOST_GREP: grep } : {}) },
  });
  if (!session.endpoints) log('test:host', 'no sandbox: tests that need one will fail or skip');
  const { page, errors } = await openWorkbench(session.url);
  log('test:host', 'running the suite in the extension host…');
  let hostExitedAt;
  while (!existsSync(results)) {
    // An extension host that died without writing results (crash, process.exit in a test) ends
    // the wait early instead of after the full timeout.
    if (!hostExitedAt && /Extension Host Process exited/.test(session.server.log())) hostExitedAt = Date.now();
    if (hostExitedAt && Date.now() - hostExitedAt > 5000) {
      console.log(`\n  ✗ the extension host exited without results\n--- VS Code server log (tail) ---\n${session.server.log().slice(-6000)}`);
      console.log('\n  0 passing\n  1 failing (extension host exited)');
      return 1;
    }
    if (Date.now() - started > TIMEOUT_MS) {
      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      const shot = join(ROOT, 'test-results', 'host-timeout.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.log(`\n  ✗ no results after ${TIMEOUT_MS / 1000} s (screenshot: ${shot})\n` +
        `--- VS Code server log (tail) ---\n${session.server.log().slice(-6000)}\n--- page errors ---\n${errors.slice(-20).join('\n')}`);
      console.log('\n  0 passing\n  1 failing (timeout)');
      return 1;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  let r;
  for (let i = 0; i < 20 && !(r = readJsonMaybe(results)); i++) await new Promise((res) => setTimeout(res, 100));
  if (!r) throw new Error(`Unreadable results file ${results}`);
  if (r.loadError) console.log(`\n  ✗ the suite did not load:\n${r.loadError}`);
  for (const t of r.tests ?? []) console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✗' : '-'} ${t.title}${t.durationMs > 500 ? ` (${t.durationMs} ms)` : ''}`);
  for (const f of r.failures) {
    console.log(`\n  ✗ ${f.title}\n    ${f.message.split('\n').join('\n    ')}\n${(f.stack ?? '').split('\n').slice(1, 10).join('\n')}`);
  }
  console.log(`\n  ${r.passes} passing${r.pending ? `\n  ${r.pending} pending` : ''}\n  ${r.failures.length} failing`);
  console.log(`\ntest:host: ${r.passes} passed, ${r.failures.length} failed, ${r.pending ?? 0} pending in ${Math.round((Date.now() - started) / 1000)} s` +
    ` (suite ${Math.round((r.durationMs ?? 0) / 1000)} s)`);
  if (r.passes + r.failures.length === 0) { console.log('test:host: no test ran'); return 1; }
  return r.failures.length ? 1 : 0;
});
