// Bundles the extension (dist/extension.js) and the CLI (dist/cli.js), plus the host test suite (out/test/host).
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSyncParser } from './scripts/lib/syncPowerQueryParser.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function listTs(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(listTs(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

// node-fetch v2 prefers Node's own URL (`Url.URL || whatwgUrl.URL`) and only falls back to the
// whatwg-url package (with tr46's ~260 KB Unicode table) on runtimes without one; Node 20 has it.
const nodeUrlForWhatwgUrl = {
  name: 'node-url-for-whatwg-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'node-url-shim' }));
    build.onLoad({ filter: /.*/, namespace: 'node-url-shim' }, () => ({ contents: "module.exports = { URL: require('node:url').URL };", loader: 'js' }));
  },
};

const common = {
  plugins: [nodeUrlForWhatwgUrl],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD entry hides its requires from the bundler; its ESM entry bundles cleanly.
  mainFields: ['module', 'main'],
};

// The M module (Microsoft's parser and formatter) ships as dist/pq.js, required by
// src/core/pq/lazy.ts the first time M is analysed, so the extension's own bundle stays small.
const lazyPqBundle = {
  name: 'lazy-pq-bundle',
  setup(build) {
    build.onResolve({ filter: /^\.\/index$/ }, (args) => (/[\\/]src[\\/]core[\\/]pq[\\/]lazy\.ts$/.test(args.importer) ? { path: './pq.js', external: true } : undefined));
  },
};

const builds = [
  { ...common, plugins: [...common.plugins, lazyPqBundle], entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/core/pq/index.ts'], outfile: 'dist/pq.js' },
  // Worker threads that parse large M documents (src/core/pq/parserPool.ts finds it next to pq.js and cli.js).
  { ...common, entryPoints: ['src/core/pq/parseWorker.ts'], outfile: 'dist/pqWorker.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (!production) {
  let hostTests = [];
  try { hostTests = listTs('test/host'); } catch { /* no host tests yet */ }
  if (hostTests.length) {
    builds.push({ ...common, entryPoints: hostTests, outdir: 'out/test/host', bundle: true, external: ['vscode', 'mocha'], sourcemap: true, minify: false });
  }
}

// src/core/pq/microsoftParser.ts bundles the synchronous build of Microsoft's parser from build/.
ensureSyncParser({ quiet: true });

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
