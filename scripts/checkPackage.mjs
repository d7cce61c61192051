// `npm run test:package`: builds the .vsix the way `npm run package` does and checks what is in
// it: the minified extension, the grammar, schema and icons it contributes, and nothing else (no
// sources, tests or source maps). Keeps the README's install command true.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'dfw-vsix-'));
const vsix = join(dir, 'dataflow-workbench.vsix');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
try {
  execFileSync('node', ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  execFileSync(npx, ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const listing = execFileSync(npx, ['vsce', 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean);
  const problems = [];
  for (const must of ['dist/extension.js', 'dist/pq.js', 'dist/pqWorker.js', 'package.json', 'README.md', 'syntaxes/powerquery.tmLanguage.json', 'schemas/environments.schema.json', 'language-configuration.json']) {
    if (!listing.includes(must)) problems.push(`missing ${must}`);
  }
  for (const f of listing) if (/^(src|test|out|node_modules)\/|\.map$|\.ts$/.test(f)) problems.push(`should not ship ${f}`);
  const kb = Math.round(statSync(vsix).size / 1024);
  if (problems.length) { console.error(`test:package: ${problems.join('; ')}`); process.exit(1); }
  console.log(`test:package: dataflow-workbench.vsix ${kb} KB, ${listing.length} files: ${listing.join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
