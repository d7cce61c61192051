import * as assert from 'node:assert/strict';
import { EnvironmentsFileError, parseEnvironmentsFile } from '../../../src/core/deploy/environmentsFile';
import { applyRules, globToRegExp, mLiteral, setParameterValue } from '../../../src/core/deploy/rules';

const FILE = `// DTAP for the Sales team
{
  "environments": {
    "dev":  { "powerbi": { "workspace": "Sales [Dev]" }, "dataverse": { "environment": "contoso-dev" } },
    "test": {
      "powerbi": { "workspace": "Sales [Test]" },
      "flowState": "on",
      "rules": [
        { "type": "replace", "find": "dev-sql.contoso.com", "replace": "test-sql.contoso.com" },
        { "type": "parameter", "name": "DatabaseName", "value": "Sales_Test", "items": ["Cust*"] },
        { "type": "connectionReference", "from": "cr_sql_dev", "to": "cr_sql_test" },
      ],
    },
  },
}`;

describe('deploy: environments.jsonc', () => {
  it('reads environments, workspaces and rules, with comments and trailing commas', () => {
    const cfg = parseEnvironmentsFile(FILE);
    assert.deepEqual(cfg.order, ['dev', 'test']);
    const test = cfg.environments[1];
    assert.equal(test.powerbiWorkspace, 'Sales [Test]');
    assert.equal(test.fabricWorkspace, 'Sales [Test]', 'Fabric defaults to the same workspace');
    assert.equal(test.flowState, 'on');
    assert.deepEqual(test.rules.map((r) => r.type), ['replace', 'parameter', 'connectionReference']);
    assert.equal(cfg.environments[0].dataverseEnvironment, 'contoso-dev');
  });

  it('reports wrong values with their line and column', () => {
    const bad = '{\n  "environments": {\n    "test": { "flowState": "maybe", "rules": [ { "type": "replace", "find": "(", "regex": true, "replace": "" } ] }\n  }\n}';
    assert.throws(() => parseEnvironmentsFile(bad), (e: unknown) => {
      assert.ok(e instanceof EnvironmentsFileError);
      assert.equal(e.problems.length, 2);
      assert.equal(e.problems[0].line, 3);
      assert.match(e.message, /environments\.jsonc:3:\d+: test\.flowState must be "on", "off" or "keep"/);
      assert.match(e.message, /not a valid regular expression/);
      return true;
    });
  });

  it('reports JSON syntax errors with a position', () => {
    assert.throws(() => parseEnvironmentsFile('{ "environments": { "dev": { } '), (e: unknown) => e instanceof EnvironmentsFileError && e.problems[0].line === 1);
    assert.throws(() => parseEnvironmentsFile('{ "env": {} }'), /Expected an "environments" object/);
  });
});

describe('deploy: rules', () => {
  const mashup = 'section Section1;\r\nshared ServerName = "dev-sql.contoso.com" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true];\r\n'
    + 'shared #"DatabaseName" = "Sales_Dev" meta [IsParameterQuery = true, Type = "Text"];\r\n'
    + 'shared Customers = let Source = Sql.Database(ServerName, DatabaseName) in Source;\r\n';

  it('sets M parameter values by name, plain or quoted, keeping meta and line endings', () => {
    const r1 = setParameterValue(mashup, 'DatabaseName', 'Sales "Test"');
    assert.equal(r1.count, 1);
    assert.match(r1.text, /shared #"DatabaseName" = "Sales ""Test""" meta \[IsParameterQuery = true/);
    assert.ok(r1.text.includes('\r\n'));
    const r2 = setParameterValue(mashup, 'Customers', 'x');
    assert.equal(r2.count, 0, 'a query that is not a parameter is never touched');
    assert.equal(mLiteral(25), '25');
    assert.equal(mLiteral(true), 'true');
  });

  it('applies literal and regex replacements and scopes by item glob and file', () => {
    const cfg = parseEnvironmentsFile(FILE).environments[1];
    const r = applyRules({ name: 'Customers', kind: 'dataflow', files: { 'mashup.pq': mashup } }, cfg.rules);
    assert.match(r.files['mashup.pq'], /"test-sql\.contoso\.com"/);
    assert.match(r.files['mashup.pq'], /"Sales_Test" meta/);
    assert.deepEqual(r.applied.map((a) => a.rule.type), ['replace', 'parameter']);
    assert.deepEqual(r.unused.map((u) => u.type), ['connectionReference'], 'unused rules are reported');
    const other = applyRules({ name: 'Orders', kind: 'dataflow', files: { 'mashup.pq': mashup } }, cfg.rules);
    assert.match(other.files['mashup.pq'], /"Sales_Dev" meta/, 'the parameter rule is scoped to Cust*');
    const rx = applyRules({ name: 'x', kind: 'dataflow', files: { 'a.pq': 'Server=(dev)-01' } },
      [{ type: 'replace', find: '\\((dev)\\)-(\\d+)', replace: '[$1]-$2!', regex: true }]);
    assert.equal(rx.files['a.pq'], 'Server=[dev]-01!');
  });

  it('maps flow connection references inside definition.json without reformatting', () => {
    const def = '{\n  "connectionReferences": {\n    "shared_sql": { "connection": { "connectionReferenceLogicalName": "cr_sql_dev" }, "api": { "name": "shared_sql" } }\n  },\n  "definition": {}\n}\n';
    const r = applyRules({ name: 'Flow', kind: 'flow', files: { 'definition.json': def } },
      [{ type: 'connectionReference', from: 'cr_sql_dev', to: 'cr_sql_test' }]);
    assert.equal(r.files['definition.json'], def.replace('cr_sql_dev', 'cr_sql_test'));
  });

  it('matches globs case-insensitively', () => {
    assert.ok(globToRegExp('Sales*').test('sales orders'));
    assert.ok(!globToRegExp('Sales?').test('Sales Orders'));
    assert.ok(globToRegExp('a[1].pq').test('a[1].pq'));
  });
});

import { findDataflowReferences, rewriteDataflowReferences } from '../../../src/core/deploy/references';

describe('deploy: dataflow references', () => {
  const WS = '11111111-1111-1111-1111-111111111111', DF = '22222222-2222-2222-2222-222222222222', DF2 = '33333333-3333-3333-3333-333333333333';
  const TW = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', TD = 'bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb';
  const m = `section Section1;\nshared Customers = let\n  Source = PowerPlatform.Dataflows(null),\n  Ws = Source{[Id="Workspaces"]}[Data],\n  W = Ws{[workspaceId="${WS}"]}[Data],\n  D = W{[dataflowId="${DF}"]}[Data],\n  D2 = W{[dataflowId="${DF2}"]}[Data]\nin D;\n`;
  const model = JSON.stringify({ name: 'x', referenceModels: [{ id: `${WS}/${DF}`, location: 'https://old' }], entities: [{ $type: 'ReferenceEntity', name: 'C', modelId: `${WS}/${DF}` }] }, null, 2);

  it('finds every upstream dataflow, including two from one workspace and referenceModels', () => {
    const refs = findDataflowReferences({ 'mashup.pq': m, 'model.json': model });
    assert.deepEqual(refs.map((r) => r.dataflowId), [DF, DF2]);
  });

  it('rewrites resolved references in M and model.json and reports the unresolved', () => {
    const r = rewriteDataflowReferences({ 'mashup.pq': m, 'model.json': model }, (ref) => (ref.dataflowId === DF ? { workspaceId: TW, dataflowId: TD } : undefined));
    assert.equal(r.rewritten, 2);
    assert.ok(r.files['mashup.pq'].includes(`dataflowId="${TD}"`));
    assert.ok(r.files['mashup.pq'].includes(`dataflowId="${DF2}"`), 'unresolved stays visible');
    assert.deepEqual(r.unresolved.map((u) => u.dataflowId), [DF2]);
    const doc = JSON.parse(r.files['model.json']);
    assert.equal(doc.referenceModels[0].id, `${TW}/${TD}`);
    assert.equal(doc.referenceModels[0].location, undefined);
    assert.equal(doc.entities[0].modelId, `${TW}/${TD}`);
  });
});
