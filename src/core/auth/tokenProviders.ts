// Token providers for the HTTP layer. Static tokens (endpoint overrides, the sandbox), and MSAL
// for what VS Code's built-in sign-in cannot do: service principals (secret or certificate) and
// device-code sign-in with a persistent cache. Tokens are cached per scope until shortly before
// they expire, and never logged.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfidentialClientApplication, PublicClientApplication, type AuthenticationResult, type ICachePlugin } from '@azure/msal-node';
import type { TokenProvider } from '../http/types';
import { AuthError } from '../http/errors';
import { cloudConfig, type CloudName } from './clouds';

export interface TokenCacheStore {
  load(): Promise<string | undefined>;
  save(data: string): Promise<void>;
}

export function staticTokenProvider(token: string): TokenProvider {
  return async () => token;
}

/** Caches tokens per scope; `acquire` is called on a miss, near expiry, or with forceRefresh. */
export function cachingTokenProvider(scopeForUrl: (url: URL) => string,
  acquire: (scope: string, forceRefresh: boolean) => Promise<{ token: string; expiresOn?: Date | null }>,
  now: () => number = Date.now): TokenProvider {
  const cache = new Map<string, { token: string; expires: number }>();
  const inflight = new Map<string, Promise<string>>();
  return async (url, opts) => {
    const scope = scopeForUrl(url);
    const hit = cache.get(scope);
    if (hit && !opts.forceRefresh && hit.expires - 120_000 > now()) return hit.token;
    let p = inflight.get(scope);
    if (!p) {
      p = acquire(scope, !!opts.forceRefresh).then((r) => {
        cache.set(scope, { token: r.token, expires: r.expiresOn ? r.expiresOn.getTime() : now() + 30 * 60_000 });
        return r.token;
      }).finally(() => inflight.delete(scope));
      inflight.set(scope, p);
    }
    return p;
  };
}

export function cachePlugin(store: TokenCacheStore): ICachePlugin {
  return {
    beforeCacheAccess: async (ctx) => { const data = await store.load(); if (data) ctx.tokenCache.deserialize(data); },
    afterCacheAccess: async (ctx) => { if (ctx.cacheHasChanged) await store.save(ctx.tokenCache.serialize()); },
  };
}

/** A token cache file readable only by its owner, written atomically. */
export function fileTokenCacheStore(file: string): TokenCacheStore {
  return {
    load: async () => { try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; } },
    save: async (data) => {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
  };
}

function authority(cloud: CloudName | string, tenantId: string | undefined): string {
  return `https://${cloudConfig(cloud).authorityHost}/${tenantId || 'organizations'}`;
}

function toAuthError(err: unknown, what: string): AuthError {
  const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new AuthError(`${what} failed: ${msg}`, 401, (err as { errorCode?: string })?.errorCode, undefined, 'other', true);
}

export interface ServicePrincipalOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  certificate?: { thumbprint: string; privateKey: string };
  cloud: CloudName | string;
  scopeForUrl: (url: URL) => string;
}

export function msalServicePrincipalConfig(o: ServicePrincipalOptions) {
  return {
    auth: {
      clientId: o.clientId,
      authority: authority(o.cloud, o.tenantId),
      ...(o.clientSecret ? { clientSecret: o.clientSecret } : { clientCertificate: { thumbprint: o.certificate?.thumbprint ?? '', privateKey: o.certificate?.privateKey ?? '' } }),
    },
  };
}

export function msalServicePrincipalProvider(o: ServicePrincipalOptions): TokenProvider {
  if (!o.clientSecret && !o.certificate) throw new AuthError('A service principal needs a client secret or a certificate.', 401, 'NotConfigured', undefined, 'other', false);
  const app = new ConfidentialClientApplication(msalServicePrincipalConfig(o));
  return cachingTokenProvider(o.scopeForUrl, async (scope, forceRefresh) => {
    let r: AuthenticationResult | null;
    try { r = await app.acquireTokenByClientCredential({ scopes: [scope], skipCache: forceRefresh }); } catch (err) { throw toAuthError(err, 'Service principal sign-in'); }
    if (!r?.accessToken) throw new AuthError('Service principal sign-in returned no token.', 401, undefined, undefined, 'other', false);
    return { token: r.accessToken, expiresOn: r.expiresOn };
  });
}

export interface DeviceCodeOptions {
  tenantId?: string;
  clientId: string;
  cloud: CloudName | string;
  cache: TokenCacheStore;
  scopeForUrl: (url: URL) => string;
  onDeviceCode: (message: string) => void;
  /** When false, a missing account is an error ("run dfw login") instead of a device-code prompt. */
  interactive?: boolean;
}

export function msalDeviceCodeProvider(o: DeviceCodeOptions): TokenProvider {
  const app = new PublicClientApplication({ auth: { clientId: o.clientId, authority: authority(o.cloud, o.tenantId) }, cache: { cachePlugin: cachePlugin(o.cache) } });
  return cachingTokenProvider(o.scopeForUrl, async (scope, forceRefresh) => {
    const [account] = await app.getTokenCache().getAllAccounts();
    if (account) {
      try {
        const r = await app.acquireTokenSilent({ account, scopes: [scope], forceRefresh });
        if (r?.accessToken) return { token: r.accessToken, expiresOn: r.expiresOn };
      } catch { /* fall through to device code */ }
    }
    if (o.interactive === false) throw new AuthError('Not signed in. Run "dfw login" (device code) or set a service principal.', 401, 'NotSignedIn', undefined, 'other', true);
    try {
      const r = await app.acquireTokenByDeviceCode({ scopes: [scope], deviceCodeCallback: (resp) => o.onDeviceCode(resp.message) });
      if (!r?.accessToken) throw new Error('no token returned');
      return { token: r.accessToken, expiresOn: r.expiresOn };
    } catch (err) { throw toAuthError(err, 'Device code sign-in'); }
  });
}
