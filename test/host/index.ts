// Entry point the VS Code extension host loads (extensionTestsPath): runs every bundled
// *.test.js next to it with mocha, prints mocha's summary, and writes the results as JSON to
// $DFW_HOST_RESULTS for the runner (the browser page reports nothing itself).
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Failure { title: string; message: string; stack?: string }

export function run(): Promise<void> {
  // Mocha stays external to the bundle: it is loaded from the repository's node_modules.
  const Mocha = require('mocha');
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const only = process.env.DFW_HOST_GREP;
  if (only) mocha.grep(only);
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const out = process.env.DFW_HOST_RESULTS;
  return new Promise((resolve, reject) => {
    const failures: Failure[] = [];
    let passes = 0;
    const runner = mocha.run((count: number) => {
      const result = { passes, failures, pending: runner.stats?.pending ?? 0, total: runner.total };
      if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
      if (count > 0) reject(new Error(`${count} host test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => { passes++; });
    runner.on('fail', (test: { fullTitle(): string }, err: Error) => failures.push({ title: test.fullTitle(), message: err.message, stack: err.stack }));
  });
}
