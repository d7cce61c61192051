// The extension activates in a real VS Code 1.100 host, quickly, and registers every command it
// contributes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api } from './helpers/workbench';

describe('Activation', () => {
  it('activates in VS Code 1.100 and reports its activation time', async () => {
    const a = await api();
    assert.match(vscode.version, /^1\.100\./);
    assert.ok(a.activationMs >= 0);
    console.log(`      activate() took ${a.activationMs} ms`);
    // npm run bench reports this figure from the latest host run.
    const out = path.resolve(__dirname, '../../../test-results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'activation.json'), JSON.stringify({ activationMs: a.activationMs, vscode: vscode.version, at: new Date().toISOString() }));
  });

  it('registers every command contributed in package.json', async () => {
    const ext = vscode.extensions.getExtension('dataflow-workbench.dataflow-workbench')!;
    const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    assert.ok(contributed.length > 40);
  });

  it('logs to one output channel named Dataflow Workbench', async () => {
    const a = await api();
    assert.equal(a.services.log.name, 'Dataflow Workbench');
  });
});
