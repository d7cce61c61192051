// Runs the built `dfw` (dist/cli.js) as a subprocess against a sandbox, as a pipeline would.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../helpers/sandbox';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

interface Run { code: number; stdout: string; stderr: string }
function dfw(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, cwd, timeout: 60000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr });
    });
  });
}

describe('dfw CLI against the sandbox', function () {
  this.timeout(60000);
  let sb: Awaited<ReturnType<typeof startSandbox>>;
  let env: Record<string, string>;
  let cwd: string;
  before(function () { if (!fs.existsSync(CLI)) throw new Error('Build first: npm run build (dist/cli.js is missing).'); });
  beforeEach(async () => {
    sb = await startSandbox({ seed: 'cli-test', timings: { importMs: 40, refreshMs: 300, jobMs: 300, lroMs: 30, lroRetryAfterSec: 0 } });
    env = { DFW_ENDPOINTS: JSON.stringify(sb.endpoints), DFW_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-home-')) };
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-cwd-'));
  });
  afterEach(() => sb.close());

  it('prints help for every command, and exit 2 on usage errors', async () => {
    const main = await dfw(['--help'], env, cwd);
    assert.equal(main.code, 0);
    for (const c of ['ls', 'export', 'push', 'deploy', 'refresh', 'validate', 'sandbox', 'login', 'params']) {
      assert.match(main.stdout, new RegExp(`\\n  ${c}\\s`));
      const h = await dfw([c, '--help'], env, cwd);
      assert.equal(h.code, 0, c);
      assert.match(h.stdout, /^Usage: dfw /);
    }
    assert.equal((await dfw(['ls', '--bogus'], env, cwd)).code, 2);
    assert.equal((await dfw(['nope'], env, cwd)).code, 2);
  });

  it('lists every level of the three services, with endpoints from DFW_ENDPOINTS', async () => {
    const groups = JSON.parse((await dfw(['ls', 'powerbi', '--json'], env, cwd)).stdout);
    assert.ok(groups.length > 30, 'all pages');
    const items = JSON.parse((await dfw(['ls', 'powerbi/Sales [Dev]', '--json'], env, cwd)).stdout);
    assert.ok(items.some((i: { name: string; type: string }) => i.name === 'Customers' && i.type === 'dataflow'));
    assert.ok(items.some((i: { type: string }) => i.type === 'dataset'));
    const hostile = (await dfw(['ls', 'powerbi/R&D %2F "Ops" #1 – Zürich ✓'], env, cwd));
    assert.equal(hostile.code, 0, hostile.stderr);
    const fab = JSON.parse((await dfw(['ls', 'fabric/Sales [Dev]', '--json'], env, cwd)).stdout);
    assert.ok(fab.some((i: { type: string }) => i.type === 'Dataflow'));
    const envs = JSON.parse((await dfw(['ls', 'dataverse', '--json'], env, cwd)).stdout);
    assert.deepEqual(envs.map((e: { name: string }) => e.name).sort(), ['contoso-dev', 'contoso-test']);
    const flows = JSON.parse((await dfw(['ls', 'dataverse/contoso-dev', '--json'], env, cwd)).stdout);
    assert.ok(flows.some((f: { name: string }) => f.name === 'SÆmple Ø ærlig forsøk'));
  });

  it('exports then pushes back (round trip), and refuses a conflicting push', async () => {
    const exp = await dfw(['export', 'powerbi/Sales [Dev]/Customers', 'fabric/Sales [Dev]/Hello World Dataflow', 'dataverse/contoso-dev/Scheduled sync from CoE Core', '--out', 'exp'], env, cwd);
    assert.equal(exp.code, 0, exp.stderr);
    const gen1 = path.join(cwd, 'exp', 'Customers.Dataflow');
    assert.ok(fs.existsSync(path.join(gen1, 'mashup.pq')) && fs.existsSync(path.join(gen1, 'model.json')));
    assert.ok(fs.existsSync(path.join(cwd, 'exp', 'Hello World Dataflow.Dataflow', 'queryMetadata.json')));
    assert.ok(fs.existsSync(path.join(cwd, 'exp', 'Scheduled sync from CoE Core.Flow', 'definition.json')));
    const pq = path.join(gen1, 'mashup.pq');
    fs.writeFileSync(pq, fs.readFileSync(pq, 'utf8').replace('Sales_Dev', 'Sales_Edited'));
    const push = await dfw(['push', gen1, '--to', 'powerbi/Sales [Dev]/Customers'], env, cwd);
    assert.equal(push.code, 0, push.stderr);
    const again = await dfw(['export', 'powerbi/Sales [Dev]/Customers', '--out', 'exp2'], env, cwd);
    assert.equal(again.code, 0);
    assert.match(fs.readFileSync(path.join(cwd, 'exp2', 'Customers.Dataflow', 'mashup.pq'), 'utf8'), /Sales_Edited/);
    // Someone changes the item on the service; the stale folder must not overwrite it.
    const stale = path.join(cwd, 'exp', 'Hello World Dataflow.Dataflow');
    const fresh = await dfw(['export', 'fabric/Sales [Dev]/Hello World Dataflow', '--out', 'other'], env, cwd);
    assert.equal(fresh.code, 0);
    const otherPq = path.join(cwd, 'other', 'Hello World Dataflow.Dataflow', 'mashup.pq');
    fs.writeFileSync(otherPq, fs.readFileSync(otherPq, 'utf8') + '\n// edited elsewhere\n');
    assert.equal((await dfw(['push', path.dirname(otherPq), '--to', 'fabric/Sales [Dev]/Hello World Dataflow'], env, cwd)).code, 0);
    const conflict = await dfw(['push', stale, '--to', 'fabric/Sales [Dev]/Hello World Dataflow'], env, cwd);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stdout, /Conflict: .* changed on the service/);
    assert.equal((await dfw(['push', stale, '--to', 'fabric/Sales [Dev]/Hello World Dataflow', '--force'], env, cwd)).code, 0);
  });

  it('deploys: dry run writes nothing, then real, then re-run reports unchanged', async () => {
    fs.mkdirSync(path.join(cwd, '.dataflow-workbench'));
    fs.writeFileSync(path.join(cwd, '.dataflow-workbench', 'environments.jsonc'), `{
      // test environment
      "environments": { "prod": { "powerbi": { "workspace": "Sales [Prod]" },
        "rules": [ { "type": "parameter", "name": "ServerName", "value": "prod-sql.contoso.example" } ] } } }`);
    const items = ['powerbi/Sales [Dev]/Sales Orders', 'powerbi/Sales [Dev]/Customers'];
    const dry = await dfw(['deploy', ...items, '--env', 'prod', '--dry-run', '--json'], env, cwd);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(JSON.parse(dry.stdout).plan.map((p: { name: string; action: string }) => `${p.name}:${p.action}`), ['Customers:create', 'Sales Orders:create']);
    assert.match(dry.stderr, /\+ .*prod-sql\.contoso\.example/, 'the diff shows the parameter change');
    const prodBefore = JSON.parse((await dfw(['ls', 'powerbi/Sales [Prod]', '--json'], env, cwd)).stdout);
    assert.equal(prodBefore.filter((i: { type: string }) => i.type === 'dataflow').length, 0, 'dry run wrote nothing');
    const real = await dfw(['deploy', ...items, '--env', 'prod', '--json'], env, cwd);
    assert.equal(real.code, 0, real.stderr);
    assert.deepEqual(JSON.parse(real.stdout).items.map((i: { outcome: string }) => i.outcome), ['created', 'created']);
    const rerun = await dfw(['deploy', ...items, '--env', 'prod', '--json'], env, cwd);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(JSON.parse(rerun.stdout).items.map((i: { outcome: string }) => i.outcome), ['unchanged', 'unchanged']);
    const blocked = await dfw(['deploy', 'powerbi/Sales [Dev]/Sales Orders', '--to', 'powerbi/Finance [Prod]', '--dry-run'], env, cwd);
    assert.equal(blocked.code, 1, 'an unresolved reference blocks the plan');
    assert.match(blocked.stderr, /has no dataflow named "Customers"/);
  });

  it('deploys a local folder (an export) to another workspace', async () => {
    assert.equal((await dfw(['export', 'powerbi/Sales [Dev]/Products & Prices #1 %2F EU', 'powerbi/Sales [Dev]/Excel Workbook Sample', '--out', 'repo'], env, cwd)).code, 0);
    const r = await dfw(['deploy', '--from', 'repo', '--to', 'powerbi/Finance [Prod]', '--json'], env, cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).items.map((i: { name: string; outcome: string }) => `${i.name}:${i.outcome}`).sort(), ['Excel Workbook Sample:created', 'Products & Prices #1 / EU:created']);
    const again = await dfw(['deploy', '--from', 'repo', '--to', 'powerbi/Finance [Prod]', '--json'], env, cwd);
    assert.deepEqual(JSON.parse(again.stdout).items.map((i: { outcome: string }) => i.outcome), ['unchanged', 'unchanged']);
  });

  it('params export writes a fabric-cicd parameter.yml that deploy --params applies (round trip)', async () => {
    fs.mkdirSync(path.join(cwd, '.dataflow-workbench'));
    fs.writeFileSync(path.join(cwd, '.dataflow-workbench', 'environments.jsonc'), `{ "environments": {
      "test": { "workspace": "Sales [Test]", "rules": [
        { "type": "replace", "find": "table \\\\[(Example) = _t\\\\]", "replace": "Sample", "regex": true, "group": 1, "itemTypes": ["Dataflow"] },
        { "type": "connectionReference", "from": "cr_dev", "to": "cr_test" } ] },
      "prod": { "workspace": "Sales [Prod]", "rules": [
        { "type": "replace", "find": "table \\\\[(Example) = _t\\\\]", "replace": "Production", "regex": true, "group": 1, "itemTypes": ["Dataflow"] } ] } } }`);
    const exp = await dfw(['params', 'export', '--out', 'repo/parameter.yml'], env, cwd);
    assert.equal(exp.code, 0, exp.stderr);
    const yml = fs.readFileSync(path.join(cwd, 'repo', 'parameter.yml'), 'utf8');
    assert.match(yml, /is_regex: "true"/);
    assert.match(yml, /^ {6}test: Sample\n {6}prod: Production$/m, 'one entry, both environments as keys');
    assert.match(yml, /^# .*test\.rules\[1\] .*connectionReference rules have no fabric-cicd equivalent/m);
    assert.equal((await dfw(['export', 'fabric/Sales [Dev]/Hello World Dataflow', '--out', 'repo'], env, cwd)).code, 0);
    const dry = await dfw(['deploy', '--from', 'repo', '--params', 'repo/parameter.yml', '--param-env', 'test', '--to', 'fabric/Sales [Test]', '--dry-run', '--json'], env, cwd);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(JSON.parse(dry.stdout).plan.map((p: { name: string; action: string }) => `${p.name}:${p.action}`), ['Hello World Dataflow:update']);
    assert.match(dry.stderr, /rule replace \(.*parameter\.yml:\d+:\d+ find_replace entry 1\) → mashup\.pq \(×1\)/);
    assert.match(dry.stderr, /\+ .*type table \[Sample = _t\]/);
    const usage = await dfw(['deploy', '--from', 'repo', '--params', 'repo/parameter.yml', '--to', 'fabric/Sales [Test]'], env, cwd);
    assert.equal(usage.code, 2, 'with --to, --params needs --param-env');
    const bad = path.join(cwd, 'bad.yml');
    fs.writeFileSync(bad, 'find_replace:\n  - find_value: x\n    replace_value: { PROD: "$ENV:lakehouse" }\n');
    const refused = await dfw(['deploy', '--from', 'repo', '--params', bad, '--param-env', 'PROD', '--to', 'fabric/Sales [Test]', '--dry-run'], env, cwd);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /bad\.yml:3:28: find_replace entry 1: "\$ENV:lakehouse": \$ENV: pipeline variables are not supported/);
  });

  it('refresh --wait: exit 0 on success, 1 with the service message on failure', async () => {
    const good = await dfw(['refresh', 'powerbi/Sales [Dev]/Customers', '--wait', '--timeout', '30'], env, cwd);
    assert.equal(good.code, 0, good.stderr + good.stdout);
    assert.match(good.stdout, /Refresh succeeded/);
    const bad = await dfw(['refresh', 'powerbi/Sales [Dev]/Finance Model (broken)', '--wait', '--timeout', '30'], env, cwd);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /credentials provided for the SQL source are invalid/);
    const job = await dfw(['refresh', 'fabric/Sales [Dev]/Nightly Load (fails)', '--wait', '--timeout', '30'], env, cwd);
    assert.equal(job.code, 1);
    assert.match(job.stdout, /staging_users/);
    const enhanced = await dfw(['refresh', 'powerbi/Sales [Dev]/Sales Model', '--type', 'Full', '--objects', 'Sales/Sales-2025,Date', '--wait', '--json'], env, cwd);
    assert.equal(enhanced.code, 0, enhanced.stderr);
  });

  it('validate reports file:line:col for broken M and exits 1', async () => {
    fs.writeFileSync(path.join(cwd, 'bad.pq'), 'section Section1;\nshared A = let\n  x = 1\n  y = 2\nin y;\n');
    fs.writeFileSync(path.join(cwd, 'good.pq'), 'section Section1;\nshared A = 1;\n');
    const bad = await dfw(['validate', 'bad.pq', 'good.pq'], env, cwd);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^bad\.pq:4:\d+: error: /m);
    assert.equal((await dfw(['validate', 'good.pq'], env, cwd)).code, 0);
  });
});
