import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PublicClientApplication } from '@azure/msal-node';
import { AuthError } from '../../../src/core/http';
import {
  REFRESH_MARGIN_MS, cachePlugin, combinedTokenProvider, fileTokenCacheStore, msalDeviceCodeProvider, msalPublicClientConfig,
  msalServicePrincipalConfig, msalServicePrincipalProvider, pickAccount, staticTokenProvider, type TokenCacheStore,
} from '../../../src/core/auth/tokenProviders';

const CLIENT = '11111111-2222-3333-4444-555555555555';

/** A serialized MSAL cache holding one account (ids made up; the id token is unsigned). */
function cacheWithAccount(tid = 'tenant-1', uid = 'user-1'): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const idToken = `${b64({ alg: 'none' })}.${b64({ oid: uid, tid, preferred_username: 'ada@contoso.com', name: 'Ada', aud: CLIENT, exp: 4102444800 })}.`;
  const home = `${uid}.${tid}`;
  return JSON.stringify({
    Account: { [`${home}-login.microsoftonline.com-${tid}`]: { home_account_id: home, environment: 'login.microsoftonline.com', realm: tid, local_account_id: uid, username: 'ada@contoso.com', authority_type: 'MSSTS', name: 'Ada' } },
    IdToken: { [`${home}-login.microsoftonline.com-idtoken-${CLIENT}-${tid}-`]: { home_account_id: home, environment: 'login.microsoftonline.com', credential_type: 'IdToken', client_id: CLIENT, secret: idToken, realm: tid } },
    AccessToken: {}, RefreshToken: {}, AppMetadata: {},
  });
}

function memoryStore(initial?: string): TokenCacheStore & { saved: string[]; loads: number } {
  const s = { saved: [] as string[], loads: 0, load: async () => { s.loads++; return s.saved.at(-1) ?? initial; }, save: async (d: string) => { s.saved.push(d); } };
  return s;
}

describe('auth: token providers', () => {
  describe('combinedTokenProvider (scope per URL, cached until shortly before expiry)', () => {
    let clock: number;
    let calls: Array<[string, boolean]>;
    const provider = (lifetimeMs = 60 * 60_000) => combinedTokenProvider({
      cloud: 'Public', now: () => clock,
      acquire: async (scope, force) => { calls.push([scope, force]); return { token: `${scope}#${calls.length}`, expiresOn: new Date(clock + lifetimeMs) }; },
    });
    beforeEach(() => { clock = Date.parse('2026-01-01T00:00:00Z'); calls = []; });

    it('acquires one token per audience and reuses it', async () => {
      const p = provider();
      const pbi1 = await p(new URL('https://api.powerbi.com/v1.0/myorg/groups'), {});
      const pbi2 = await p(new URL('https://api.powerbi.com/v1.0/myorg/groups/1/dataflows'), {});
      const fab = await p(new URL('https://api.fabric.microsoft.com/v1/workspaces'), {});
      const dv = await p(new URL('https://contoso.crm4.dynamics.com/api/data/v9.2/workflows'), {});
      assert.equal(pbi1, pbi2);
      assert.deepEqual(calls.map((c) => c[0]), ['https://analysis.windows.net/powerbi/api/.default', 'https://api.fabric.microsoft.com/.default', 'https://contoso.crm4.dynamics.com/.default']);
      assert.notEqual(fab, dv);
    });

    it('renews shortly before expiry, and on forceRefresh', async () => {
      const p = provider();
      const u = new URL('https://api.fabric.microsoft.com/v1/workspaces');
      const first = await p(u, {});
      clock += 60 * 60_000 - REFRESH_MARGIN_MS - 1000;
      assert.equal(await p(u, {}), first, 'still comfortably valid');
      clock += 2000;
      const second = await p(u, {});
      assert.notEqual(second, first, 'inside the margin: renewed');
      const third = await p(u, { forceRefresh: true });
      assert.notEqual(third, second);
      assert.deepEqual(calls.map((c) => c[1]), [false, false, true]);
    });

    it('shares one acquisition between concurrent requests, and does not cache failures', async () => {
      let fail = true;
      const p = combinedTokenProvider({ cloud: 'Public', acquire: async () => { calls.push(['x', false]); await new Promise((r) => setTimeout(r, 10)); if (fail) throw new Error('offline'); return { token: 't' }; } });
      const u = new URL('https://api.powerbi.com/v1.0/myorg/groups');
      const results = await Promise.allSettled([p(u, {}), p(u, {}), p(u, {})]);
      assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
      assert.equal(calls.length, 1);
      fail = false;
      assert.equal(await p(u, {}), 't');
      assert.equal(calls.length, 2);
    });

    it('static tokens are returned as they are', async () => {
      assert.equal(await staticTokenProvider('abc')(new URL('http://127.0.0.1/'), { forceRefresh: true }), 'abc');
    });
  });

  describe('MSAL configuration', () => {
    it('maps a service principal with a secret to the cloud authority and tenant', () => {
      const c = msalServicePrincipalConfig({ tenantId: 'contoso.onmicrosoft.us', clientId: CLIENT, clientSecret: 's3cret', cloud: 'USGovHigh' });
      assert.deepEqual(c.auth, { clientId: CLIENT, authority: 'https://login.microsoftonline.us/contoso.onmicrosoft.us', clientSecret: 's3cret' });
    });

    it('maps a certificate: SHA-1 or SHA-256 thumbprint, the key as PKCS#8, the certificate as x5c', () => {
      const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pkcs1 = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
      const certPem = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';
      const sha1 = 'AB:CD:'.repeat(10).slice(0, 59);
      const c = msalServicePrincipalConfig({ tenantId: 't', clientId: CLIENT, cloud: 'Public', certificate: { thumbprint: sha1, privateKey: `${pkcs1}\n${certPem}` } });
      const cert = c.auth.clientCertificate!;
      assert.equal(cert.thumbprint, sha1.replace(/:/g, ''));
      assert.match(cert.privateKey, /^-----BEGIN PRIVATE KEY-----/);
      assert.equal(cert.x5c, certPem);
      const c256 = msalServicePrincipalConfig({ tenantId: 't', clientId: CLIENT, cloud: 'Public', certificate: { thumbprint: 'a'.repeat(64), privateKey: pkcs1 } });
      assert.equal(c256.auth.clientCertificate!.thumbprintSha256, 'a'.repeat(64));
      assert.equal(c256.auth.clientCertificate!.x5c, undefined);
    });

    it('refuses a service principal without a secret or certificate', () => {
      assert.throws(() => msalServicePrincipalProvider({ tenantId: 't', clientId: CLIENT, cloud: 'Public' }), (e: unknown) => e instanceof AuthError && /secret or a certificate/.test(e.message));
    });

    it('maps device-code sign-in to the cloud authority, "organizations" without a tenant', () => {
      const store = memoryStore();
      assert.equal(msalPublicClientConfig({ clientId: CLIENT, cloud: 'China', cache: store }).auth.authority, 'https://login.chinacloudapi.cn/organizations');
      assert.equal(msalPublicClientConfig({ clientId: CLIENT, cloud: 'Public', tenantId: 'contoso.com', cache: store }).auth.authority, 'https://login.microsoftonline.com/contoso.com');
    });
  });

  describe('persistent cache', () => {
    it('the cache plugin loads accounts from the store and saves changes back', async () => {
      const store = memoryStore(cacheWithAccount());
      const app = new PublicClientApplication({ auth: { clientId: CLIENT }, cache: { cachePlugin: cachePlugin(store) } });
      const accounts = await app.getTokenCache().getAllAccounts();
      assert.deepEqual(accounts.map((a) => [a.username, a.tenantId]), [['ada@contoso.com', 'tenant-1']]);
      assert.equal(store.saved.length, 0, 'reading changes nothing');
      await app.getTokenCache().removeAccount(accounts[0]);
      assert.equal(store.saved.length, 1);
      assert.deepEqual(JSON.parse(store.saved[0]).Account, {});
      assert.deepEqual(await app.getTokenCache().getAllAccounts(), []);
    });

    it('prefers the cached account of the configured tenant', () => {
      const a = { homeAccountId: 'u.t1', tenantId: 't1' } as never, b = { homeAccountId: 'u.t2', tenantId: 't2' } as never;
      assert.equal(pickAccount([a, b], 't2'), b);
      assert.equal(pickAccount([a, b]), a);
      assert.equal(pickAccount([]), undefined);
    });

    it('device code without an account and interactive:false asks to sign in, without a prompt', async () => {
      const prompts: string[] = [];
      const p = msalDeviceCodeProvider({ clientId: CLIENT, cloud: 'Public', cache: memoryStore(), onDeviceCode: (m) => prompts.push(m), interactive: false });
      await assert.rejects(p(new URL('https://api.powerbi.com/v1.0/myorg/groups'), {}), (e: unknown) => e instanceof AuthError && e.signInRequired && /dfw login/.test(e.message));
      assert.deepEqual(prompts, []);
    });

    it('fileTokenCacheStore writes owner-only files atomically', async function () {
      if (process.platform === 'win32') this.skip();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-cache-'));
      try {
        const file = path.join(dir, 'nested', 'msal.json');
        const store = fileTokenCacheStore(file);
        assert.equal(await store.load(), undefined);
        await store.save('{"a":1}');
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
        assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
        fs.chmodSync(file, 0o644);
        await store.save('{"a":2}');
        assert.equal(await store.load(), '{"a":2}');
        assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'a replaced file is owner-only again');
        assert.deepEqual(fs.readdirSync(path.dirname(file)), ['msal.json'], 'no temporary file left behind');
      } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    });
  });
});
