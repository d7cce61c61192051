// Wrong settings, endpoint overrides and environments.jsonc values are refused with where (the
// setting key, or file:line:column) and what to write instead. Covered elsewhere: flowState and
// regex rule errors with line:column and truncated files (test/unit/deploy/rules.test.ts), and
// each endpoint URL rule (test/unit/auth/endpoints.test.ts).
import * as assert from 'node:assert/strict';
import { checkSettings } from '../../../src/core/settingsCheck';
import { parseEndpointOverrides } from '../../../src/core/endpoints';
import { EnvironmentsFileError, parseEnvironmentsFile } from '../../../src/core/deploy/environmentsFile';

function envProblems(text: string): EnvironmentsFileError {
  try { parseEnvironmentsFile(text); } catch (e) { assert.ok(e instanceof EnvironmentsFileError, String(e)); return e; }
  assert.fail('the file was accepted');
}

describe('robustness: bad settings and configuration files', () => {
  it('settings: each wrong value names the setting, the allowed values, and falls back to the default', () => {
    const values: Record<string, unknown> = { cloud: 'GCC', 'auth.method': 'password', 'backups.keep': 0, 'log.requests': 'yes', 'dataverse.environments': 'https://x', 'auth.servicePrincipal.certificateThumbprint': 'abc', tenantId: 'contoso.onmicrosoft.com' };
    const { problems, endpoints } = checkSettings((k) => values[k]);
    assert.equal(endpoints, undefined);
    assert.deepEqual(problems.map((p) => p.key).sort(), ['auth.method', 'auth.servicePrincipal.certificateThumbprint', 'backups.keep', 'cloud', 'dataverse.environments', 'log.requests']);
    const msg = (k: string) => problems.find((p) => p.key === k)!.message;
    assert.equal(msg('cloud'), 'Setting "dataflowWorkbench.cloud" must be one of "Public", "USGov", "USGovHigh", "USGovDoD", "China", not "GCC". The default is used until it is fixed.');
    assert.match(msg('backups.keep'), /"dataflowWorkbench\.backups\.keep" must be a whole number from 1 to 100, not 0/);
    assert.match(msg('auth.servicePrincipal.certificateThumbprint'), /SHA-1 \(40 hex digits\) or SHA-256/);
    assert.deepEqual(checkSettings((k) => ({ cloud: 'USGov', 'backups.keep': 10 } as Record<string, unknown>)[k]).problems, []);
  });

  it('settings: an invalid endpoints object is not used, and the message names the exact key', () => {
    const bad = (endpoints: unknown) => checkSettings((k) => (k === 'endpoints' ? endpoints : undefined));
    for (const [value, re] of [
      [{ powerbi: 'ftp://h/x' }, /"dataflowWorkbench\.endpoints\.powerbi" must use http or https, not ftp/],
      [{ fabrik: 'http://h' }, /unknown key "dataflowWorkbench\.endpoints\.fabrik"/],
      [{ fabric: 5 }, /"dataflowWorkbench\.endpoints\.fabric" must be a string, not number/],
      [{ token: 't' }, /a "token" needs at least one endpoint URL/],
      ['http://h', /setting "dataflowWorkbench\.endpoints" must be a JSON object/],
    ] as const) {
      const r = bad(value);
      assert.equal(r.endpoints, undefined, JSON.stringify(value));
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0].message, re);
      assert.match(r.problems[0].message, /no endpoint override is used .*no override token is sent/);
    }
    assert.deepEqual(bad({ powerbi: 'http://127.0.0.1:1/pbi/', token: 't' }), { problems: [], endpoints: { powerbi: 'http://127.0.0.1:1/pbi', token: 't' } });
    assert.deepEqual(bad(null), { problems: [], endpoints: undefined });
    assert.deepEqual(bad({}), { problems: [], endpoints: undefined });
  });

  it('endpoint overrides JSON with a syntax error says the line and column', () => {
    assert.throws(() => parseEndpointOverrides('{\n  "powerbi": "http://127.0.0.1:1/p",\n  "fabric": ,\n}'), /not valid JSON at line 3, column 13 /);
    assert.throws(() => parseEndpointOverrides('{"powerbi":' + '['.repeat(100_000)), (e: unknown) => e instanceof Error && !(e instanceof RangeError) && /not valid JSON at line 1, column 1011 /.test(e.message));
  });

  it('environments.jsonc: misspelt keys are reported at their position instead of being ignored', () => {
    const text = [
      '{',
      '  "environments": {',
      '    "test": {',
      '      "powerbi": { "workspace": "Sales [Test]", "workspaceId": "x" },',
      '      "flowstate": "on",',
      '      "dataverse": "contoso-test",',
      '      "rules": [ { "type": "replace", "find": "a", "replace": "b", "regexp": true } ]',
      '    }',
      '  },',
      '  "orders": []',
      '}',
    ].join('\n');
    const e = envProblems(text);
    assert.deepEqual(e.message.split('\n').sort(), [
      '.dataflow-workbench/environments.jsonc:10:3: The file has an unknown key "orders". Known keys: $schema, order, environments.',
      '.dataflow-workbench/environments.jsonc:5:7: Environment "test" has an unknown key "flowstate"; did you mean "flowState"?',
      '.dataflow-workbench/environments.jsonc:6:20: test.dataverse must be an object like {"environment": "…"}.',
      '.dataflow-workbench/environments.jsonc:4:49: test.powerbi has an unknown key "workspaceId". Known keys: workspace.',
      '.dataflow-workbench/environments.jsonc:7:18: test.rules[0] (a replace rule) has unknown key "regexp". Known keys: type, find, replace, regex, ignoreCase, group, items, itemTypes, files, excludeFiles.',
    ].sort());
  });

  it('environments.jsonc: wrong value types and absurd nesting carry line:column', () => {
    const e = envProblems('{ "environments": {\n  "prod": { "powerbi": { "workspace": 42 }, "rules": { } },\n  "acc": [] } }');
    assert.deepEqual(e.problems.map((p) => `${p.line}: ${p.message}`).sort(), [
      '2: prod.powerbi.workspace must be a non-empty string.',
      '2: prod.rules must be an array.',
      '3: Environment "acc" must be an object.',
    ]);
    const deep = envProblems('{\n"environments": ' + '['.repeat(100_000));
    assert.equal(deep.problems.length, 1);
    assert.deepEqual([deep.problems[0].line, deep.problems[0].column], [2, 1016]);
    assert.match(deep.message, /^\.dataflow-workbench\/environments\.jsonc:2:1016: the JSON nests deeper than 1,000 levels here/);
  });
});
