// Token providers for the HTTP layer: static tokens (endpoint overrides, the sandbox), and MSAL
// for what VS Code's built-in sign-in cannot do: service principals (secret or certificate) and
// device-code sign-in with a persistent cache. Tokens are cached per scope until shortly before
// they expire, and never logged.
import * as crypto from 'node:crypto';
import { ConfidentialClientApplication, PublicClientApplication, type AccountInfo, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import type { TokenProvider } from '../http/types';
import { AuthError } from '../http/errors';
import type { EndpointOverrides } from '../endpoints';
import { authorityUrl, type CloudName } from './clouds';
import { scopeForUrl as defaultScopeForUrl } from './scopes';
import { cachePlugin, type TokenCacheStore } from './tokenCache';

export { cachePlugin, fileTokenCacheStore, type TokenCacheStore } from './tokenCache';

export interface AcquiredToken { token: string; expiresOn?: Date | null }
export type AcquireToken = (scope: string, forceRefresh: boolean) => Promise<AcquiredToken>;

/** Renew this long before expiry, so a token never expires in flight. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** Assumed lifetime when the issuer does not say. */
const DEFAULT_LIFETIME_MS = 30 * 60_000;

export function staticTokenProvider(token: string): TokenProvider {
  return async () => token;
}

/**
 * Caches tokens per scope; `acquire` is called on a miss, within REFRESH_MARGIN_MS of expiry, or
 * with forceRefresh (after a 401). Concurrent requests for one scope share one acquisition.
 */
export function cachingTokenProvider(scopeForUrl: (url: URL) => string, acquire: AcquireToken, now: () => number = Date.now): TokenProvider {
  const cache = new Map<string, { token: string; expires: number }>();
  const inflight = new Map<string, { forced: boolean; promise: Promise<string> }>();
  return async (url, opts) => {
    const scope = scopeForUrl(url);
    const forced = !!opts.forceRefresh;
    const hit = cache.get(scope);
    if (hit && !forced && hit.expires - REFRESH_MARGIN_MS > now()) return hit.token;
    const running = inflight.get(scope);
    // A forced refresh must not settle for an acquisition that may return the rejected token.
    if (running && (running.forced || !forced)) return running.promise;
    const promise = acquire(scope, forced).then((r) => {
      cache.set(scope, { token: r.token, expires: r.expiresOn ? r.expiresOn.getTime() : now() + DEFAULT_LIFETIME_MS });
      return r.token;
    }).finally(() => { if (inflight.get(scope)?.promise === promise) inflight.delete(scope); });
    inflight.set(scope, { forced, promise });
    return promise;
  };
}

/** cachingTokenProvider with the audience chosen by scopes.ts for the cloud and overrides. */
export function combinedTokenProvider(o: { cloud: CloudName | string; overrides?: EndpointOverrides; acquire: AcquireToken; now?: () => number }): TokenProvider {
  return cachingTokenProvider((url) => defaultScopeForUrl(url, o.cloud, o.overrides), o.acquire, o.now);
}

function toAuthError(err: unknown, what: string): AuthError {
  const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new AuthError(`${what} failed: ${msg}`, 401, (err as { errorCode?: string })?.errorCode, undefined, 'other', true);
}

export interface ServicePrincipalOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** thumbprint: hex SHA-1 (40) or SHA-256 (64); privateKey: PEM, optionally with the certificate. */
  certificate?: { thumbprint: string; privateKey: string };
  cloud: CloudName | string;
  /** Defaults to scopes.ts for the cloud (and overrides). */
  scopeForUrl?: (url: URL) => string;
  overrides?: EndpointOverrides;
}

/** The PEM's private key as PKCS#8 (what MSAL wants), and its certificate chain for x5c. */
function certificateCredential(cert: { thumbprint: string; privateKey: string }) {
  const thumb = cert.thumbprint.replace(/[^0-9a-f]/gi, '');
  let privateKey = cert.privateKey;
  try { privateKey = crypto.createPrivateKey(cert.privateKey).export({ format: 'pem', type: 'pkcs8' }).toString(); } catch { /* encrypted or unusual: let MSAL report it */ }
  const x5c = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(cert.privateKey)?.[0];
  return { ...(thumb.length === 64 ? { thumbprintSha256: thumb } : { thumbprint: thumb }), privateKey, ...(x5c ? { x5c } : {}) };
}

export function msalServicePrincipalConfig(o: ServicePrincipalOptions): Configuration {
  return {
    auth: {
      clientId: o.clientId,
      authority: authorityUrl(o.cloud, o.tenantId),
      ...(o.clientSecret ? { clientSecret: o.clientSecret } : o.certificate ? { clientCertificate: certificateCredential(o.certificate) } : {}),
    },
  };
}

export function msalServicePrincipalProvider(o: ServicePrincipalOptions): TokenProvider {
  if (!o.tenantId || !o.clientId) throw new AuthError('A service principal needs a tenant id and a client (application) id.', 401, 'NotConfigured', undefined, 'other', false);
  if (!o.clientSecret && !o.certificate) throw new AuthError('A service principal needs a client secret or a certificate.', 401, 'NotConfigured', undefined, 'other', false);
  const app = new ConfidentialClientApplication(msalServicePrincipalConfig(o));
  const scopeOf = o.scopeForUrl ?? ((url: URL) => defaultScopeForUrl(url, o.cloud, o.overrides));
  return cachingTokenProvider(scopeOf, async (scope, forceRefresh) => {
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
  /** Shows MSAL's "To sign in, use a web browser to open … and enter the code …" message. */
  onDeviceCode: (message: string) => void;
  /** Defaults to scopes.ts for the cloud (and overrides). */
  scopeForUrl?: (url: URL) => string;
  overrides?: EndpointOverrides;
  /** When false, a missing account is an error ("run dfw login") instead of a device-code prompt. */
  interactive?: boolean;
}

export function msalPublicClientConfig(o: Pick<DeviceCodeOptions, 'tenantId' | 'clientId' | 'cloud' | 'cache'>): Configuration {
  return { auth: { clientId: o.clientId, authority: authorityUrl(o.cloud, o.tenantId) }, cache: { cachePlugin: cachePlugin(o.cache) } };
}

/** The cached account to use silently: the one in the configured tenant, else the first. */
export function pickAccount(accounts: AccountInfo[], tenantId?: string): AccountInfo | undefined {
  return accounts.find((a) => tenantId && (a.tenantId === tenantId || a.homeAccountId.endsWith(`.${tenantId}`))) ?? accounts[0];
}

/** Silent sign-in from the persistent cache first, then the device-code flow. */
export function msalDeviceCodeProvider(o: DeviceCodeOptions): TokenProvider {
  const app = new PublicClientApplication(msalPublicClientConfig(o));
  const scopeOf = o.scopeForUrl ?? ((url: URL) => defaultScopeForUrl(url, o.cloud, o.overrides));
  return cachingTokenProvider(scopeOf, async (scope, forceRefresh) => {
    const account = pickAccount(await app.getTokenCache().getAllAccounts(), o.tenantId);
    if (account) {
      try {
        const r = await app.acquireTokenSilent({ account, scopes: [scope], forceRefresh });
        if (r?.accessToken) return { token: r.accessToken, expiresOn: r.expiresOn };
      } catch { /* expired or revoked refresh token: fall through to the device code */ }
    }
    if (o.interactive === false) throw new AuthError('Not signed in. Run "dfw login" (device code) or configure a service principal.', 401, 'NotSignedIn', undefined, 'other', true);
    try {
      const r = await app.acquireTokenByDeviceCode({ scopes: [scope], deviceCodeCallback: (resp) => o.onDeviceCode(resp.message) });
      if (!r?.accessToken) throw new Error('no token returned');
      return { token: r.accessToken, expiresOn: r.expiresOn };
    } catch (err) { throw toAuthError(err, 'Device code sign-in'); }
  });
}
