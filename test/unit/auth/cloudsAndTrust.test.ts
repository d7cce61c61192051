import * as assert from 'node:assert/strict';
import { CLOUD_NAMES, CLOUDS, authorityUrl, cloudConfig } from '../../../src/core/auth/clouds';
import { createHostTrust } from '../../../src/core/auth/trust';
import { cloudScopes, scopeForUrl } from '../../../src/core/auth/scopes';

const SANDBOX = {
  powerbi: 'http://127.0.0.1:5123/powerbi/v1.0/myorg',
  fabric: 'http://127.0.0.1:5123/fabric/v1',
  dataverse: 'http://127.0.0.1:5123/dataverse/contoso-dev/api/data/v9.2',
  discovery: 'http://127.0.0.1:5123/dataverse/globaldisco/api/discovery/v2.0/Instances',
};

describe('auth: clouds, host trust and scopes', () => {
  describe('cloud table', () => {
    it('has every cloud with https endpoints and .default scopes', () => {
      assert.deepEqual(Object.keys(CLOUDS).sort(), [...CLOUD_NAMES].sort());
      for (const c of Object.values(CLOUDS)) {
        for (const u of [c.powerbiApi, c.fabricApi, c.discoveryUrl]) assert.equal(new URL(u).protocol, 'https:', `${c.name} ${u}`);
        for (const s of [c.powerbiScope, c.fabricScope, c.discoveryScope]) assert.match(s, /^https:\/\/[^/]+(\/[^/]+)*\/\.default$/, `${c.name} ${s}`);
        assert.match(c.authorityHost, /^login\./);
      }
    });

    it('holds the public cloud values of the contracts', () => {
      const p = cloudConfig('Public');
      assert.equal(p.powerbiApi, 'https://api.powerbi.com/v1.0/myorg');
      assert.equal(p.powerbiScope, 'https://analysis.windows.net/powerbi/api/.default');
      assert.equal(p.fabricApi, 'https://api.fabric.microsoft.com/v1');
      assert.equal(p.fabricScope, 'https://api.fabric.microsoft.com/.default');
      assert.equal(p.discoveryUrl, 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances');
      assert.equal(cloudConfig('USGovHigh').authorityHost, 'login.microsoftonline.us');
      assert.equal(cloudConfig('China').powerbiApi, 'https://api.powerbi.cn/v1.0/myorg');
      assert.equal(cloudConfig(undefined).name, 'Public');
    });

    it('builds authorities for a tenant or for any organisation', () => {
      assert.equal(authorityUrl('Public'), 'https://login.microsoftonline.com/organizations');
      assert.equal(authorityUrl('USGovDoD', 'contoso.onmicrosoft.us'), 'https://login.microsoftonline.us/contoso.onmicrosoft.us');
    });
  });

  describe('createHostTrust', () => {
    const trusted = (cloud: string, url: string, overrides?: Record<string, string>) => createHostTrust(cloud, overrides)(new URL(url));

    it("trusts the cloud's API hosts exactly, over https only", () => {
      assert.ok(trusted('Public', 'https://api.powerbi.com/v1.0/myorg/groups'));
      assert.ok(trusted('Public', 'https://api.fabric.microsoft.com/v1/workspaces'));
      assert.ok(trusted('Public', 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances'));
      assert.ok(!trusted('Public', 'http://api.powerbi.com/v1.0/myorg/groups'), 'plain http');
      assert.ok(!trusted('Public', 'https://api.powerbi.com:8443/v1.0/myorg'), 'another port');
      assert.ok(!trusted('Public', 'https://api.powerbi.com.evil.example/v1.0'), 'look-alike');
      assert.ok(!trusted('Public', 'https://wabi-west-europe.analysis.windows.net/x'), 'not an API host we call');
      assert.ok(!trusted('Public', 'https://api.powerbigov.us/v1.0/myorg'), 'another cloud');
      assert.ok(trusted('USGov', 'https://api.powerbigov.us/v1.0/myorg'));
    });

    it('trusts Dataverse environments by host pattern', () => {
      for (const h of ['contoso.crm.dynamics.com', 'contoso-dev.crm4.dynamics.com', 'contoso.api.crm11.dynamics.com']) assert.ok(trusted('Public', `https://${h}/api/data/v9.2`), h);
      for (const h of ['dynamics.com', 'crm.dynamics.com', 'evil.dynamics.com', 'x.crm.dynamics.com.evil.net', 'a.b.crm.dynamics.com', 'x.crm9.dynamics.com']) assert.ok(!trusted('Public', `https://${h}/`), h);
      assert.ok(trusted('USGov', 'https://contoso.crm9.dynamics.com/'));
      assert.ok(!trusted('USGov', 'https://contoso.crm.dynamics.com/'));
      assert.ok(trusted('China', 'https://contoso.crm.dynamics.cn/'));
      assert.ok(trusted('USGovHigh', 'https://contoso.crm.microsoftdynamics.us/'));
    });

    it('trusts the origins of endpoint overrides, over http too', () => {
      assert.ok(trusted('Public', 'http://127.0.0.1:5123/anything', { powerbi: SANDBOX.powerbi }));
      assert.ok(!trusted('Public', 'http://127.0.0.1:5124/anything', { powerbi: SANDBOX.powerbi }), 'another port');
      assert.ok(!trusted('Public', 'http://localhost:5123/anything', { powerbi: SANDBOX.powerbi }), 'another host name');
      assert.ok(trusted('Public', 'https://api.fabric.microsoft.com/v1/x', { powerbi: SANDBOX.powerbi }), 'no static token: the cloud stays trusted');
    });

    it('keeps a static override token to the override origins alone', () => {
      const o = { ...SANDBOX, token: 'sandbox-token' };
      assert.ok(trusted('Public', `${SANDBOX.fabric}/workspaces`, o));
      assert.ok(!trusted('Public', 'https://api.powerbi.com/v1.0/myorg/groups', o));
      assert.ok(!trusted('Public', 'https://contoso.crm.dynamics.com/', o));
    });
  });

  describe('scopeForUrl', () => {
    it('maps each public API to its audience', () => {
      const s = (u: string) => scopeForUrl(new URL(u), 'Public');
      assert.equal(s('https://api.powerbi.com/v1.0/myorg/groups'), 'https://analysis.windows.net/powerbi/api/.default');
      assert.equal(s('https://api.fabric.microsoft.com/v1/workspaces'), 'https://api.fabric.microsoft.com/.default');
      assert.equal(s('https://api.powerbi.com/v1/workspaces'), 'https://api.fabric.microsoft.com/.default', 'Fabric /v1 on the Power BI host');
      assert.equal(s('https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances'), 'https://globaldisco.crm.dynamics.com/.default');
      assert.equal(s('https://contoso.crm4.dynamics.com/api/data/v9.2/workflows'), 'https://contoso.crm4.dynamics.com/.default');
    });

    it("uses the sovereign cloud's audiences", () => {
      assert.equal(scopeForUrl(new URL('https://api.powerbigov.us/v1.0/myorg/groups'), 'USGov'), 'https://analysis.usgovcloudapi.net/powerbi/api/.default');
      assert.deepEqual(cloudScopes('China'), { powerbi: 'https://analysis.chinacloudapi.cn/powerbi/api/.default', fabric: 'https://analysis.chinacloudapi.cn/powerbi/api/.default', discovery: 'https://globaldisco.crm.dynamics.cn/.default' });
    });

    it('tells overrides on one origin apart by path', () => {
      const s = (u: string) => scopeForUrl(new URL(u), 'Public', SANDBOX);
      assert.equal(s(`${SANDBOX.powerbi}/groups`), CLOUDS.Public.powerbiScope);
      assert.equal(s(`${SANDBOX.fabric}/workspaces`), CLOUDS.Public.fabricScope);
      assert.equal(s(SANDBOX.discovery), CLOUDS.Public.discoveryScope);
      assert.equal(s(`${SANDBOX.discovery}(UniqueName='x')`), CLOUDS.Public.discoveryScope);
      assert.equal(s(`${SANDBOX.dataverse}/workflows`), 'http://127.0.0.1:5123/.default');
      assert.equal(s('http://127.0.0.1:5123/fabric/v10/x'), 'http://127.0.0.1:5123/.default', 'a path prefix is not a segment prefix');
    });
  });
});
