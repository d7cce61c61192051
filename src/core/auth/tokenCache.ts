// Persistence of the MSAL token cache: an ICachePlugin over a tiny load/save store, and a file
// store for the CLI (owner-only, written atomically so a crash never leaves half a cache).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICachePlugin } from '@azure/msal-node';

export interface TokenCacheStore {
  load(): Promise<string | undefined>;
  save(data: string): Promise<void>;
}

/** MSAL reads the store before each cache access and writes it back only when it changed. */
export function cachePlugin(store: TokenCacheStore): ICachePlugin {
  return {
    beforeCacheAccess: async (ctx) => {
      const data = await store.load();
      if (data) ctx.tokenCache.deserialize(data);
    },
    afterCacheAccess: async (ctx) => {
      if (ctx.cacheHasChanged) await store.save(ctx.tokenCache.serialize());
    },
  };
}

/** A cache file readable only by its owner (0600, directory 0700), replaced atomically. */
export function fileTokenCacheStore(file: string): TokenCacheStore {
  return {
    load: async () => {
      try { return await fs.promises.readFile(file, 'utf8'); } catch { return undefined; }
    },
    save: async (data) => {
      await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      try {
        await fs.promises.writeFile(tmp, data, { mode: 0o600 });
        await fs.promises.chmod(tmp, 0o600); // mode is ignored when the file already existed
        await fs.promises.rename(tmp, file);
      } catch (err) {
        await fs.promises.rm(tmp, { force: true });
        throw err;
      }
    },
  };
}
