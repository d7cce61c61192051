import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseEndpointOverrides, resolveServiceRoots } from '../../../src/core/endpoints';

const LINE = '{"powerbi":"http://127.0.0.1:5123/powerbi/v1.0/myorg/","fabric":"http://127.0.0.1:5123/fabric/v1","dataverse":"http://127.0.0.1:5123/dataverse/contoso-dev/api/data/v9.2","discovery":"http://127.0.0.1:5123/dataverse/globaldisco/api/discovery/v2.0/Instances","token":"sbx/token="}';

describe('endpoint overrides', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-endpoints-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fails = (input: string, pattern: RegExp) => assert.throws(() => parseEndpointOverrides(input), (e: Error) => pattern.test(e.message), `expected ${pattern}`);

  it('parses the JSON line the sandbox prints, trimming trailing slashes of URLs only', () => {
    const o = parseEndpointOverrides(LINE);
    assert.equal(o.powerbi, 'http://127.0.0.1:5123/powerbi/v1.0/myorg');
    assert.equal(o.fabric, 'http://127.0.0.1:5123/fabric/v1');
    assert.equal(o.token, 'sbx/token=');
  });

  it('reads a file: pretty-printed JSON, or sandbox output with other lines around the JSON', () => {
    const pretty = path.join(dir, 'pretty.json');
    fs.writeFileSync(pretty, '\uFEFF' + JSON.stringify(JSON.parse(LINE), null, 2));
    assert.equal(parseEndpointOverrides(pretty).dataverse, 'http://127.0.0.1:5123/dataverse/contoso-dev/api/data/v9.2');
    const log = path.join(dir, 'sandbox.out');
    fs.writeFileSync(log, `Sandbox listening on 127.0.0.1:5123\n${LINE}\nPress Ctrl+C to stop\n`);
    assert.equal(parseEndpointOverrides(log).token, 'sbx/token=');
  });

  it('says what to fix', () => {
    fails(path.join(dir, 'missing.json'), /neither JSON .* nor a readable file \(no such file\)/);
    fails('{"powerbi": ', /not valid JSON.*Expected \{"powerbi": URL/);
    fails('{"powerbi":"http://h/x","fabrik":"http://h/y"}', /unknown key "fabrik". Allowed keys: powerbi, fabric, dataverse, discovery, token/);
    fails('{"powerbi":"ftp://h/x"}', /"powerbi" must use http or https, not ftp/);
    fails('{"fabric":"127.0.0.1:5123/fabric/v1"}', /"fabric" must use http or https|"fabric" is not an absolute URL/);
    fails('{"fabric":"/fabric/v1"}', /"fabric" is not an absolute URL: "\/fabric\/v1". Write it like http:\/\//);
    fails('{"fabric":"http://u:p@h/v1"}', /must not contain a user name or password/);
    fails('{"fabric":"http://h/v1?x=1"}', /without "\?…"/);
    fails('{"fabric":5}', /"fabric" must be a string, not number/);
    fails('{"token":"t"}', /a "token" needs at least one endpoint URL/);
    fails('[]', /must be a JSON object/);
    fails('  ', /empty/);
  });

  it('resolves service roots from the cloud, overridden key by key', () => {
    assert.deepEqual(resolveServiceRoots('Public'), {
      powerbi: 'https://api.powerbi.com/v1.0/myorg', fabric: 'https://api.fabric.microsoft.com/v1', dataverse: undefined,
      discovery: 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances',
    });
    const o = parseEndpointOverrides(LINE);
    assert.deepEqual(resolveServiceRoots('Public', o), { powerbi: o.powerbi, fabric: o.fabric, dataverse: o.dataverse, discovery: o.discovery });
    const onlyPbi = resolveServiceRoots('USGov', { powerbi: 'http://127.0.0.1:1/pbi/' });
    assert.deepEqual([onlyPbi.powerbi, onlyPbi.fabric], ['http://127.0.0.1:1/pbi', 'https://api.powerbigov.us/v1']);
    assert.equal(resolveServiceRoots('Public', { dataverse: 'http://127.0.0.1:1/dv' }).discovery, '', 'no real discovery next to an overridden environment');
  });
});
