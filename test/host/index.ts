// Entry point the VS Code extension host loads (extensionTestsPath): runs every bundled
// *.test.js next to it with mocha (spec reporter, into the extension host's console) and writes
// the results as JSON to $DFW_HOST_RESULTS for scripts/runHostTests.mjs, which prints them (the
// browser page reports nothing itself). $DFW_HOST_GREP narrows the run to matching titles.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The results file's shape (read by scripts/runHostTests.mjs and scripts/runElectronTests.mjs). */
export interface HostTestResults {
  passes: number;
  pending: number;
  failures: { title: string; message: string; stack?: string }[];
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number }[];
  durationMs: number;
  /** Set when the suite could not even be loaded (a test file threw at import). */
  loadError?: string;
}

function writeResults(results: HostTestResults): void {
  const out = process.env.DFW_HOST_RESULTS;
  if (!out) return;
  // Written then renamed, so the runner never reads half a file.
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(results, null, 2));
  fs.renameSync(`${out}.tmp`, out);
}

export function run(): Promise<void> {
  const started = Date.now();
  const results: HostTestResults = { passes: 0, pending: 0, failures: [], tests: [], durationMs: 0 };
  let runner: Mocha.Runner;
  try {
    // Mocha stays external to the bundle: it is loaded from the repository's node_modules.
    const Mocha = require('mocha');
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
    const only = process.env.DFW_HOST_GREP;
    if (only) mocha.grep(only);
    for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
    runner = mocha.run();
  } catch (err) {
    results.loadError = (err as Error).stack ?? String(err);
    results.durationMs = Date.now() - started;
    writeResults(results);
    return Promise.reject(err);
  }
  return new Promise((resolve, reject) => {
    runner.on('pass', (t: Mocha.Test) => { results.passes++; results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }); });
    runner.on('pending', (t: Mocha.Test) => { results.pending++; results.tests.push({ title: t.fullTitle(), state: 'pending' }); });
    runner.on('fail', (t: Mocha.Test, err: Error) => {
      results.failures.push({ title: t.fullTitle(), message: String(err?.message ?? err), stack: err?.stack });
      results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration });
    });
    runner.on('end', () => {
      results.durationMs = Date.now() - started;
      writeResults(results);
      if (results.failures.length) reject(new Error(`${results.failures.length} host test(s) failed`));
      else resolve();
    });
  });
}
