// fabric-cicd parameter.yml: parse (positions, extend, _ALL_), convert to rules with fabric-cicd's
// semantics (regex group 1, filters, .platform untouched), dynamic values, export and round trip.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../../helpers/sandbox';
import { HttpClient } from '../../../src/core/http';
import { createServiceClients } from '../../../src/core/api';
import { resolveServiceRoots } from '../../../src/core/endpoints';
import { gatherPlanInput } from '../../../src/core/deploy/gather';
import { executePlan, type DeployTarget } from '../../../src/core/deploy/executor';
import { readLocalSources } from '../../../src/core/deploy/localSources';
import { parseEnvironmentsFile, type Rule } from '../../../src/core/deploy/environmentsFile';
import { ParameterFileError, fileGlob, loadParameterFile, parseParameterFile } from '../../../src/core/deploy/fabricCicdParameters';
import { parameterRules } from '../../../src/core/deploy/fabricCicdRules';
import { exportParameterYaml, parameterRegex } from '../../../src/core/deploy/fabricCicdExport';
import { applyRules, setParameterValue } from '../../../src/core/deploy/rules';
import { planDeployment, type PlanSource } from '../../../src/core/deploy/planner';

const DIR = path.resolve('/repo');
const FILE = path.join(DIR, 'parameter.yml');

// After fabric-cicd's docs (parameterization.md, the advanced notebook example).
const PARAMS = `find_replace:
    # Lakehouse GUID, in every file
    - find_value: "123e4567-e89b-12d3-a456-426614174000"
      replace_value:
          PPE: "f47ac10b-58cc-4372-a567-0e02b2c3d479"
          PROD: "9b2e5f4c-8d3a-4f1b-9c3e-2d5b6e4a7f8c"
    # default_lakehouse in notebooks only, by regex (capture group 1 is the value to swap)
    - find_value: \\#\\s*META\\s+"default_lakehouse":\\s*"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
      replace_value:
          PPE: "$workspace.$id"
          PROD: "$items.Lakehouse.Sample_LH.$id"
      is_regex: "true"
      item_type: "Notebook"
      item_name: ["Hello World", "Goodbye World"]
    - find_value: "dev-server.database.windows.net"
      replace_value:
          _ALL_: "shared-server.database.windows.net"
      file_path: "**/notebook-content.py"
    - find_value: "Only in PPE"
      replace_value:
          PPE: "ppe value"
key_value_replace:
    - find_key: $.properties.activities[0].typeProperties.workspaceId
      replace_value:
          PPE: "$workspace.$id"
          PROD: "$workspace.$id"
      item_type: "DataPipeline"
spark_pool:
    - instance_pool_id: "72c68dbc-0775-4d59-909d-a47896f4573b"
      replace_value:
          PROD: { type: "Capacity", name: "CapacityPool_Large" }
`;

const NOTEBOOK = `# Fabric notebook source
# META {
# META   "dependencies": {
# META     "lakehouse": {
# META       "default_lakehouse": "123e4567-e89b-12d3-a456-426614174000",
# META       "default_lakehouse_name": "Example_LH",
# META       "default_lakehouse_workspace_id": "8f5c0cec-a8ea-48cd-9da4-871dc2642f4c"
# META     }
# META   }
# META }
df = spark.read.jdbc("jdbc:sqlserver://dev-server.database.windows.net")
`;
const PLATFORM = '{"metadata":{"type":"Notebook","displayName":"Hello World"},"config":{"logicalId":"123e4567-e89b-12d3-a456-426614174000"}}';
const CTX = { workspaceId: 'aaaaaaaa-0000-0000-0000-00000000000a', workspaceName: 'Sales [Prod]', items: [{ id: 'bbbbbbbb-0000-0000-0000-00000000000b', name: 'Sample_LH', kind: 'Lakehouse' }] };

function problemsOf(fn: () => unknown): string {
  try { fn(); } catch (e) { if (e instanceof ParameterFileError) return e.message; throw e; }
  assert.fail('expected a ParameterFileError');
}

describe('deploy: fabric-cicd parameter.yml', () => {
  it('reads entries, filters, _ALL_ and environments, and notes what it does not apply', () => {
    const p = parseParameterFile(PARAMS, FILE);
    assert.deepEqual(p.entries.map((e) => `${e.section}#${e.index}`), ['find_replace#1', 'find_replace#2', 'find_replace#3', 'find_replace#4', 'key_value_replace#1']);
    assert.deepEqual(p.environments, ['PPE', 'PROD']);
    const rx = p.entries[1];
    assert.equal(rx.isRegex, true);
    assert.deepEqual(rx.itemNames, ['Hello World', 'Goodbye World']);
    assert.deepEqual(rx.itemTypes, ['Notebook']);
    assert.deepEqual([rx.pos.line, rx.pos.column], [8, 7]);
    assert.deepEqual(p.entries[2].files, ['notebook-content.py']);
    assert.match(p.notices[0], /parameter\.yml:28:1: spark_pool is not applied/);
  });

  it('converts for PROD: fabric-cicd order, .platform excluded, missing environment reported with its line', () => {
    const { rules, warnings } = parameterRules(parseParameterFile(PARAMS, FILE), 'PROD', CTX);
    assert.deepEqual(rules.map((r) => r.type), ['jsonPath', 'replace', 'replace', 'replace'], 'key_value_replace first, entry 4 skipped');
    assert.ok(rules.every((r) => r.excludeFiles?.includes('.platform')));
    const [kv, lit, rx, all] = rules as [Extract<Rule, { type: 'jsonPath' }>, ...Extract<Rule, { type: 'replace' }>[]];
    assert.equal(kv.value, CTX.workspaceId, '$workspace.$id');
    assert.equal(lit.replace, '9b2e5f4c-8d3a-4f1b-9c3e-2d5b6e4a7f8c');
    assert.equal(rx.replace, CTX.items[0].id, '$items.Lakehouse.Sample_LH.$id');
    assert.equal(rx.group, 1);
    assert.equal(all.replace, 'shared-server.database.windows.net', '_ALL_ applies to PROD');
    assert.equal(warnings.length, 2);
    assert.match(warnings[1], /parameter\.yml:19:7: find_replace entry 4 \("Only in PPE"\) has no value for PROD; skipped\./);
  });

  it('regex entries replace capture group 1 only, in every match, literally; literal entries everywhere but .platform', () => {
    const rx: Rule = { type: 'replace', find: '"default_lakehouse":\\s*"([0-9a-f-]{36})"', replace: 'X$1Y', regex: true, group: 1 };
    const text = '"default_lakehouse": "123e4567-e89b-12d3-a456-426614174000", "default_lakehouse":"9b2e5f4c-8d3a-4f1b-9c3e-2d5b6e4a7f8c"';
    const r = applyRules({ name: 'n', kind: 'Notebook', files: { 'a.py': text } }, [rx]);
    assert.equal(r.files['a.py'], '"default_lakehouse": "X$1Y", "default_lakehouse":"X$1Y"', 'context kept, $1 not expanded');
    assert.equal(r.applied[0].count, 2);

    const { rules } = parameterRules(parseParameterFile(PARAMS, FILE), 'PROD', CTX);
    const nb = applyRules({ name: 'Hello World', kind: 'Notebook', files: { 'notebook-content.py': NOTEBOOK, '.platform': PLATFORM } }, rules);
    const out = nb.files['notebook-content.py'];
    // Entries run in file order, as in fabric-cicd: the literal GUID entry first, then the regex on its result.
    assert.match(out, new RegExp(`"default_lakehouse": "${CTX.items[0].id}"`));
    assert.match(out, /"default_lakehouse_workspace_id": "8f5c0cec-a8ea-48cd-9da4-871dc2642f4c"/, 'outside capture group 1: untouched');
    assert.match(out, /shared-server\.database\.windows\.net/);
    assert.equal(nb.files['.platform'], PLATFORM, '.platform is never parameterized');
  });

  it('scopes by item_type, item_name and file_path as fabric-cicd does', () => {
    const yml = `find_replace:
  - find_value: "AAA"
    replace_value: { PROD: "aaa" }
    item_type: Notebook
    item_name: Hello World
  - find_value: "BBB"
    replace_value: { PROD: "bbb" }
    file_path: ["Reports/Sales.Report/definition.pbir", "/abs/outside.json"]
`;
    assert.match(problemsOf(() => parseParameterFile(yml, FILE)), /parameter\.yml:8:16: find_replace entry 2: file_path "\/abs\/outside\.json" is outside/);
    const { rules } = parameterRules(parseParameterFile(yml.replace(', "/abs/outside.json"', ''), FILE), 'PROD');
    const run = (name: string, kind: string, file: string) => applyRules({ name, kind, files: { [file]: 'AAA BBB' } }, rules).files[file];
    assert.equal(run('Hello World', 'Notebook', 'notebook-content.py'), 'aaa BBB');
    assert.equal(run('Hello World', 'DataPipeline', 'pipeline-content.json'), 'AAA BBB', 'item_type filters');
    assert.equal(run('Goodbye', 'Notebook', 'notebook-content.py'), 'AAA BBB', 'item_name filters');
    assert.equal(run('Sales', 'Report', 'definition.pbir'), 'AAA bbb', 'file_path through the item folder');
    assert.equal(run('Other', 'Report', 'definition.pbir'), 'AAA BBB');
    assert.equal(fileGlob('**/*.json', DIR), '*.json');
    assert.equal(fileGlob(path.join(DIR, 'X.Notebook', 'a.py'), DIR), '*/X.Notebook/a.py');
  });

  it('ignore_case, and key_value_replace on JSON parts with [*] and ..', () => {
    const yml = `find_replace:
  - find_value: "Dev-Server"
    replace_value: { PROD: "prod-server" }
    ignore_case: "true"
key_value_replace:
  - find_key: "$.properties.activities[*].typeProperties.connection"
    replace_value: { PROD: "conn-prod" }
  - find_key: "$..workspaceId"
    replace_value: { PROD: "ws-prod" }
`;
    const { rules } = parameterRules(parseParameterFile(yml, FILE), 'PROD');
    const pipeline = JSON.stringify({ properties: { activities: [{ typeProperties: { connection: 'c1', workspaceId: 'w1' } }, { typeProperties: { connection: 'c2' } }], workspaceId: 'w0' } }, null, 2);
    const r = applyRules({ name: 'P', kind: 'DataPipeline', files: { 'pipeline-content.json': pipeline, 'notes.txt': 'DEV-SERVER and dev-server' } }, rules);
    const doc = JSON.parse(r.files['pipeline-content.json']);
    assert.deepEqual(doc.properties.activities.map((a: any) => a.typeProperties.connection), ['conn-prod', 'conn-prod']);
    assert.equal(doc.properties.workspaceId, 'ws-prod');
    assert.equal(doc.properties.activities[0].typeProperties.workspaceId, 'ws-prod');
    assert.equal(r.files['notes.txt'], 'prod-server and prod-server');
    assert.match(r.files['pipeline-content.json'], /\n {2}"properties"/, 'formatting kept');
  });

  it('reports problems with line:column: YAML syntax, unknown keys, capture groups, _ALL_ with others, JSONPath filters', () => {
    assert.match(problemsOf(() => parseParameterFile('find_replace:\n  - find_value: "x\n', FILE)), /parameter\.yml:\d+:\d+: YAML:/);
    const bad = `find_replace:
  - find_value: "a"
    replace_value: { PROD: "b" }
    is_regexp: "true"
  - find_value: "(a)(b)"
    is_regex: "true"
    replace_value: { PROD: "b" }
  - find_value: "c"
    replace_value: { _ALL_: "d", PROD: "e" }
  - find_value: "e"
    replace_value:
      PROD:
key_value_replace:
  - find_key: "$.items[?(@.id == 1)].name"
    replace_value: { PROD: "x" }
`;
    const msg = problemsOf(() => parseParameterFile(bad, FILE));
    assert.match(msg, /parameter\.yml:4:5: find_replace entry 1 has an unknown key "is_regexp"/);
    assert.match(msg, /parameter\.yml:5:17: find_replace entry 2: a regex find_value must have exactly one capture group .* it has 2/);
    assert.match(msg, /parameter\.yml:9:20: find_replace entry 3: _ALL_ cannot be combined/);
    assert.match(msg, /parameter\.yml:12:\d+: find_replace entry 4 has no replace_value for PROD/);
    assert.match(msg, /parameter\.yml:14:15: key_value_replace entry 1: JSONPath .*filters, slices/);
  });

  it('refuses unsupported dynamic values, naming the entry and its position', () => {
    const yml = (v: string) => `find_replace:\n  - find_value: "x"\n    replace_value:\n      PROD: "${v}"\n`;
    for (const [v, re] of [['$ENV:prod_lakehouse', /\$ENV: pipeline variables are not supported/], ['$items.Lakehouse.Sample_LH.$sqlendpoint', /sqlendpoint attribute is not supported/],
      ['$workspace.Other.$items.Lakehouse.LH.$id', /items of another workspace/], ['$nonsense', /not a known variable/]] as const) {
      assert.match(problemsOf(() => parameterRules(parseParameterFile(yml(v), FILE), 'PROD', CTX)), new RegExp(`parameter\\.yml:4:13: find_replace entry 1: .*${re.source}`));
    }
    // Only the target environment's values are checked: PPE may use what PROD cannot.
    assert.equal(parameterRules(parseParameterFile(yml('$ENV:x'), FILE), 'PPE').rules.length, 0);
  });

  it('extend merges files relative to the one naming them, numbering on, and refuses cycles', () => {
    const files: Record<string, string> = {
      [path.join(DIR, 'templates', 'lakehouses.yml')]: 'find_replace:\n  - find_value: "lh-dev"\n    replace_value: { PROD: "lh-prod" }\n',
      [path.join(DIR, 'loop.yml')]: 'extend: ["parameter.yml"]\n',
    };
    const read = (p: string) => { if (!(p in files)) throw new Error('ENOENT'); return files[p]; };
    const p = parseParameterFile('extend:\n  - templates/lakehouses.yml\nfind_replace:\n  - find_value: "a"\n    replace_value: { PROD: "b" }\n', FILE, read);
    assert.deepEqual(p.entries.map((e) => [e.find, e.index, path.basename(e.pos.file)]), [['a', 1, 'parameter.yml'], ['lh-dev', 2, 'lakehouses.yml']]);
    assert.match(problemsOf(() => parseParameterFile('extend: loop.yml\n', FILE, read)), /loop\.yml:1:\d+: extend: "parameter\.yml" is already being read/);
    assert.match(problemsOf(() => parseParameterFile('extend: [missing.yml]\n', FILE, read)), /parameter\.yml:1:10: extend: "missing\.yml" was not found/);
  });

  it('an unresolved $items value blocks the items it would change, with the entry and position', () => {
    const yml = 'find_replace:\n  - find_value: "lh-guid-dev"\n    replace_value:\n      PROD: "$items.Lakehouse.Missing LH.$id"\n';
    const { rules } = parameterRules(parseParameterFile(yml, FILE), 'PROD', CTX, 'Sales [Prod]');
    const src = (name: string, text: string): PlanSource => ({ ref: { service: 'fabric', kind: 'item', itemType: 'Notebook', workspaceId: '', workspaceName: 'repo', id: `local:${name}`, name }, kind: 'Notebook', name, files: { 'notebook-content.py': text } });
    const plan = planDeployment({ sources: [src('Uses', 'x = "lh-guid-dev"'), src('Other', 'x = 1')], target: { label: 'Sales [Prod]', workspaceId: CTX.workspaceId, existing: [] }, rules, sourceDataflowNames: {} });
    const uses = plan.items.find((i) => i.source.name === 'Uses')!;
    assert.equal(uses.action, 'blocked');
    assert.match(uses.problems[0], /^find_replace entry 1 \(.*parameter\.yml:4:13\): \$items\.Lakehouse\.Missing LH\.\$id: Sales \[Prod\] has no Lakehouse named "Missing LH"/);
    assert.equal(plan.items.find((i) => i.source.name === 'Other')!.action, 'create');
  });

  it('exports environments as parameter.yml (comments for what has no equivalent), and imports back to equivalent rules', () => {
    const cfg = parseEnvironmentsFile(`{
      "environments": {
        "test": { "workspace": "Sales [Test]", "rules": [
          { "type": "replace", "find": "dev-sql.contoso.com", "replace": "test-sql.contoso.com" },
          { "type": "replace", "find": "Sales_Dev\\\\b", "replace": "Sales_Test", "regex": true, "ignoreCase": true, "items": ["Customers"] },
          { "type": "parameter", "name": "ServerName", "value": "test-sql" },
          { "type": "jsonPath", "path": "$.connections[0].id", "value": "conn-test", "files": ["queryMetadata.json"] },
          { "type": "replace", "find": "Database=(\\\\w+)_Dev", "replace": "Database=$1_Test", "regex": true },
          { "type": "connectionReference", "from": "cr_dev", "to": "cr_test" },
          { "type": "replace", "find": "a", "replace": "b", "items": ["Cust*"] }
        ] },
        "prod": { "workspace": "Sales [Prod]", "rules": [
          { "type": "replace", "find": "dev-sql.contoso.com", "replace": "prod-sql.contoso.com" },
          { "type": "parameter", "name": "ServerName", "value": "prod-sql" }
        ] }
      }
    }`);
    const yml = exportParameterYaml(cfg);
    assert.match(yml, /^# Rules with no fabric-cicd equivalent/m);
    assert.match(yml, /test\.rules\[4\] .*\$1-style groups/);
    assert.match(yml, /test\.rules\[5\] .*connectionReference rules have no fabric-cicd equivalent/);
    assert.match(yml, /test\.rules\[6\] .*item name globs/);
    const parsed = parseParameterFile(yml, FILE);
    assert.equal(parsed.entries.length, 4, 'one entry per distinct rule, environments as keys');
    assert.deepEqual(parsed.entries[0].values, { test: { value: 'test-sql.contoso.com', pos: parsed.entries[0].values.test.pos }, prod: { value: 'prod-sql.contoso.com', pos: parsed.entries[0].values.prod.pos } });
    assert.equal(parsed.entries.find((e) => e.find === parameterRegex('ServerName'))!.values.prod.value, '"prod-sql"');

    const mashup = 'section Section1;\nshared ServerName = "dev-sql" meta [IsParameterQuery=true, Type="Text"];\nshared Q = Sql.Database("dev-sql.contoso.com", "SALES_DEV") & Sales_Devx;\n';
    const meta = JSON.stringify({ connections: [{ id: 'conn-dev' }] });
    for (const env of cfg.environments) {
      const exportable = env.rules.filter((_r, i) => env.name !== 'test' || i < 4);
      const { rules, warnings } = parameterRules(parsed, env.name);
      assert.equal(warnings.length, env.name === 'prod' ? 2 : 0, 'rules only test has are "no value for prod"');
      const item = { name: 'Customers', kind: 'Dataflow', files: { 'mashup.pq': mashup, 'queryMetadata.json': meta } };
      assert.deepEqual(applyRules(item, rules).files, applyRules(item, exportable).files, `${env.name}: same effect after the round trip`);
    }
    assert.match(applyRules({ name: 'Customers', kind: 'Dataflow', files: { 'mashup.pq': mashup } }, parameterRules(parsed, 'test').rules).files['mashup.pq'],
      /shared ServerName = "test-sql" meta.*Sql\.Database\("test-sql\.contoso\.com", "Sales_Test"\) & Sales_Devx/s);
    assert.equal(setParameterValue(mashup, 'ServerName', 'x').count, 1);
  });

  it('environments.jsonc takes parameterFile, parameterEnvironment, jsonPath rules and group', () => {
    const cfg = parseEnvironmentsFile(`{ "environments": { "prod": { "workspace": "Sales [Prod]", "parameterFile": "parameter.yml", "parameterEnvironment": "PROD",
      "rules": [ { "type": "jsonPath", "path": "$.a[0].b", "value": 1 }, { "type": "replace", "find": "x(\\\\d)", "replace": "9", "regex": true, "group": 1, "excludeFiles": [".platform"] } ] } } }`);
    const env = cfg.environments[0];
    assert.equal(env.parameterFile, 'parameter.yml');
    assert.equal(env.parameterEnvironment, 'PROD');
    assert.deepEqual(env.rules.map((r) => r.type), ['jsonPath', 'replace']);
    assert.throws(() => parseEnvironmentsFile('{ "environments": { "p": { "rules": [ { "type": "replace", "find": "x", "replace": "y", "regex": true, "group": 1 } ] } } }'), /group must be the number of a capture group .*it has 0/);
    assert.throws(() => parseEnvironmentsFile('{ "environments": { "p": { "rules": [ { "type": "jsonPath", "path": "$.a[1:2]", "value": 1 } ] } } }'), /JSONPath "\$\.a\[1:2\]"/);
  });
});

describe('deploy: a fabric-cicd repo with parameter.yml into the sandbox', function () {
  this.timeout(30000);
  let sb: Awaited<ReturnType<typeof startSandbox>>;
  beforeEach(async () => { sb = await startSandbox({ seed: 'params-test', timings: { lroMs: 20, lroRetryAfterSec: 0, jobMs: 50 } }); });
  afterEach(() => sb.close());

  it('deploys a Gen2 dataflow folder: regex $workspace.$id, $items by name (blocked until it exists), _ALL_, a skipped entry', async () => {
    const http = new HttpClient({ tokenProvider: async () => sb.endpoints.token, isTrustedHost: () => true, retry: { baseDelayMs: 5 } });
    const clients = createServiceClients({ http, roots: resolveServiceRoots('Public', sb.endpoints) });
    const ws = (name: string) => sb.state.workspaces.find((w) => w.name === name)!.id;
    const dev = ws('Sales [Dev]'), test = ws('Sales [Test]');
    const devLake = sb.state.fabric.items.find((i) => i.workspaceId === dev && i.displayName === 'Sales Lakehouse')!;
    // A Fabric Git folder as fabric-cicd deploys it: Name.Dataflow/ with .platform, queryMetadata.json, mashup.pq.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-params-'));
    const item = path.join(root, 'workspace', 'Lakehouse Loader.Dataflow');
    fs.mkdirSync(item, { recursive: true });
    const logicalId = '3c1f1a6e-0000-4000-8000-00000000abcd';
    fs.writeFileSync(path.join(item, '.platform'), JSON.stringify({ metadata: { type: 'Dataflow', displayName: 'Lakehouse Loader' }, config: { version: '2.0', logicalId } }, null, 2));
    fs.writeFileSync(path.join(item, 'queryMetadata.json'), JSON.stringify({ formatVersion: '202502', computeEngineSettings: {}, name: 'Lakehouse Loader', queryGroups: [], documentLocale: 'en-US', queriesMetadata: { Orders: { queryId: '5d2f6c1e-1111-4222-8333-444455556666', queryName: 'Orders' } }, connections: [] }, null, 2));
    const mashup = `section Section1;\r\nshared Orders = let\r\n  Source = Lakehouse.Contents(null),\r\n  Nav = Source{[workspaceId = "${dev}"]}[Data],\r\n  Lake = Nav{[lakehouseId = "${devLake.id}"]}[Data],\r\n  Sql = Sql.Database("dev-sql.contoso.com", "Sales")\r\nin\r\n  Lake;\r\n`;
    fs.writeFileSync(path.join(item, 'mashup.pq'), mashup);
    fs.writeFileSync(path.join(root, 'workspace', 'parameter.yml'), `find_replace:
    # The lakehouse's workspace: capture group 1 is the GUID to swap.
    - find_value: 'workspaceId\\s*=\\s*"([0-9a-fA-F-]{36})"'
      replace_value:
          TEST: "$workspace.$id"
      is_regex: "true"
      item_type: "Dataflow"
    - find_value: "${devLake.id}"
      replace_value:
          TEST: "$items.Lakehouse.Sales Lakehouse.$id"
      file_path: "**/mashup.pq"
    - find_value: "dev-sql.contoso.com"
      replace_value:
          _ALL_: "sql.contoso.com"
    - find_value: "${logicalId}"
      replace_value:
          PROD: "never-used"
`);
    const target: DeployTarget = { service: 'fabric', workspaceId: test, label: 'Sales [Test]' };
    const localSources = readLocalSources(path.join(root, 'workspace'));
    assert.deepEqual(localSources.map((x) => x.name), ['Lakehouse Loader']);
    const parameters = { file: loadParameterFile(path.join(root, 'workspace', 'parameter.yml')), environment: 'TEST' };

    const blocked = planDeployment(await gatherPlanInput({ clients, sources: [], target, localSources, parameters }));
    assert.equal(blocked.items[0].action, 'blocked');
    assert.match(blocked.items[0].problems.join('\n'), /find_replace entry 2 .*Sales \[Test\] has no Lakehouse named "Sales Lakehouse"/);
    assert.deepEqual(blocked.warnings?.map((w) => w.replace(/^.*parameter\.yml:/, '')), ['15:7: find_replace entry 4 ("3c1f1a6e-0000-4000-8000-00000000abcd") has no value for TEST; skipped.']);

    const lake = await clients.fabric.createItem(test, { displayName: 'Sales Lakehouse', type: 'Lakehouse' });
    // The same file named by environments.jsonc (parameterFile relative to the repo root).
    const env = parseEnvironmentsFile(`{ "environments": { "test": { "workspace": "Sales [Test]", "parameterFile": "workspace/parameter.yml", "parameterEnvironment": "TEST" } } }`).environments[0];
    const plan = planDeployment(await gatherPlanInput({ clients, sources: [], target, localSources, env, rootDir: root }));
    assert.equal(plan.items[0].action, 'create', plan.items[0].problems.join('\n'));
    assert.deepEqual(plan.items[0].rulesApplied.map((a) => [a.file, a.count]), [['mashup.pq', 1], ['mashup.pq', 1], ['mashup.pq', 1]]);
    const record = await executePlan(plan, { clients, target });
    assert.equal(record.items[0].outcome, 'created', record.items[0].message);
    const deployed = sb.state.fabric.items.find((i) => i.id === record.items[0].targetId)!;
    assert.equal(deployed.workspaceId, test);
    const pq = Buffer.from(deployed.parts!.find((p) => p.path === 'mashup.pq')!.payload, 'base64').toString('utf8');
    assert.equal(pq, mashup.replace(dev, test).replace(devLake.id, lake.id).replace('dev-sql.contoso.com', 'sql.contoso.com'));
    assert.ok(!pq.includes(dev) && !pq.includes(devLake.id), 'no Dev GUID left');
  });
});
