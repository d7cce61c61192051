// The M language module (Microsoft's parser and formatter, ~0.8 MB) loaded on first use rather
// than when the extension starts. The extension build turns this require into `dist/pq.js`, a
// bundle of its own (esbuild.mjs); everywhere else (tests, the CLI) it is an ordinary require.
import type * as Pq from './index';

let loaded: typeof Pq | undefined;

export function pq(): typeof Pq {
  loaded ??= require('./index') as typeof Pq;
  return loaded;
}

/** The module if something has already loaded it (for clean-up that must not load it). */
export function pqIfLoaded(): typeof Pq | undefined {
  return loaded;
}
