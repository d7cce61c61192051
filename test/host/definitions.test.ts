// Definitions as files in a real VS Code against the sandbox: open, edit, save; conflicts;
// invalid M; push failure keeps the draft; restore from backup; Fabric and flow saves.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, sandbox, sandboxFault, sandboxState, until } from './helpers/workbench';
import type { DataflowRef, FabricItemRef, FlowRef } from '../../src/core/model/itemRef';

async function gen1(name: string, wsName = 'Sales [Dev]'): Promise<DataflowRef> {
  const st = await sandboxState();
  const ws = st.workspaces.find((w: any) => w.name === wsName);
  const d = st.powerbi.dataflows.find((x: any) => x.workspaceId === ws.id && x.name === name);
  return { service: 'powerbi', kind: 'dataflow', workspaceId: ws.id, workspaceName: wsName, id: d.objectId, name };
}
const docOf = async (uri: vscode.Uri) => vscode.workspace.openTextDocument(uri);
async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const e = new vscode.WorkspaceEdit();
  e.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(e));
}
async function exportText(ref: DataflowRef): Promise<string> {
  const c = (await api()).services.connection.current.clients;
  return c.powerbi.exportDataflow(ref.workspaceId, ref.id);
}

describe('Definitions as files', function () {
  this.timeout(90_000);
  before(async () => { await api(); await vscode.workspace.getConfiguration('dataflowWorkbench').update('gen2.applyChangesAfterSave', 'never', vscode.ConfigurationTarget.Workspace); });
  afterEach(async () => { await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); await fetch(`${new URL(sandbox().powerbi).origin}/_sandbox/faults`, { method: 'DELETE', headers: { Authorization: `Bearer ${sandbox().token}` } }); });

  it('opens a Gen1 mashup.pq under a readable folder, saves an edit, and the sandbox has exactly that change', async () => {
    const ref = await gen1('Products & Prices #1 / EU');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    assert.deepEqual(uri.path.split('/').slice(-2), ['Products & Prices #1 - EU', 'mashup.pq'], 'the tab and breadcrumbs show the name');
    const doc = await docOf(uri);
    assert.equal(doc.languageId, 'powerquery');
    const stateBefore = await sandboxState();
    const before = JSON.parse(await exportText(ref));
    await replaceAll(doc, doc.getText().replace('9.5', '10.5'));
    assert.ok(await doc.save(), 'saved');
    const after = JSON.parse(await exportText(ref));
    assert.equal(after['pbi:mashup'].document, before['pbi:mashup'].document.replace('9.5', '10.5'), 'only the edit changed in the M');
    assert.deepEqual(after.entities.map((e: any) => e.name), before.entities.map((e: any) => e.name), 'metadata kept');
    const stateAfter = await sandboxState();
    const others = (st: any) => st.powerbi.dataflows.filter((d: any) => d.objectId !== ref.id).map((d: any) => d.modelJson);
    assert.deepEqual(others(stateAfter), others(stateBefore), 'no other dataflow changed');
    assert.deepEqual(stateAfter.fabric.items, stateBefore.fabric.items, 'Fabric untouched');
    assert.deepEqual(stateAfter.dataverse.flows, stateBefore.dataverse.flows, 'flows untouched');
    const stat = await vscode.workspace.fs.stat(uri);
    assert.ok(stat.mtime > 0);
    assert.equal(stat.permissions, undefined, 'editable');
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, '..'));
    assert.deepEqual(entries.map(([n]) => n).sort(), ['mashup.pq', 'model.json']);
    const idFolder = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, '..', '..'));
    assert.deepEqual(idFolder, [['Products & Prices #1 - EU', vscode.FileType.Directory]]);
    const refBack = (await api()).services.features.refForUri as (u: vscode.Uri) => DataflowRef | undefined;
    assert.equal(refBack(uri)?.id, ref.id);
  });

  it('updates an open file on Reload from Service after a change elsewhere', async () => {
    const ref = await gen1('Sales Orders');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    const doc = await docOf(uri);
    const c = (await api()).services.connection.current.clients;
    const other = JSON.parse((await exportText(ref)).replace(/^\uFEFF/, ''));
    other['pbi:mashup'].document = other['pbi:mashup'].document.replace('section Section1;', 'section Section1;\r\n// reloaded marker');
    for (const e of other.entities ?? []) delete e.partitions;
    await c.powerbi.waitForImport(ref.workspaceId, await c.powerbi.importDataflow(ref.workspaceId, JSON.stringify(other), 'Overwrite'));
    assert.doesNotMatch(doc.getText(), /reloaded marker/);
    assert.equal(await vscode.commands.executeCommand('dataflowWorkbench.reloadFromService', uri, { discardEdits: false }), true);
    await until(() => /reloaded marker/.test(doc.getText()), 'the open document to update');
    assert.equal(doc.isDirty, false);
  });

  it('refuses invalid M with the position, keeping the editor dirty and sending nothing', async () => {
    const ref = await gen1('Products & Prices #1 / EU');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    const doc = await docOf(uri);
    const before = await exportText(ref);
    await replaceAll(doc, doc.getText().replace('#table(', '#table((('));
    assert.equal(await doc.save(), false, 'the save is refused');
    assert.equal(doc.isDirty, true);
    assert.equal(await exportText(ref), before);
  });

  it('refuses a save over a change made elsewhere, then Overwrite resolves it', async () => {
    const ref = await gen1('Excel Workbook Sample');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    const doc = await docOf(uri);
    const c = (await api()).services.connection.current.clients;
    // Someone else changes the dataflow behind the editor's back.
    const other = JSON.parse((await exportText(ref)).replace(/^\uFEFF/, ''));
    other['pbi:mashup'].document += 'shared ChangedElsewhere = 1;\r\n';
    other['pbi:mashup'].queriesMetadata.ChangedElsewhere = { queryId: '11111111-2222-3333-4444-555555555555', queryName: 'ChangedElsewhere' };
    for (const e of other.entities ?? []) delete e.partitions;
    await c.powerbi.waitForImport(ref.workspaceId, await c.powerbi.importDataflow(ref.workspaceId, JSON.stringify(other), 'Overwrite'));
    await replaceAll(doc, doc.getText() + '\r\n// mine\r\n');
    assert.equal(await doc.save(), false, 'conflict refused');
    assert.match(JSON.parse(await exportText(ref))['pbi:mashup'].document, /ChangedElsewhere/, 'their change is intact');
    await vscode.commands.executeCommand('dataflowWorkbench.overwriteOnService', uri);
    await until(async () => /\/\/ mine/.test(JSON.parse(await exportText(ref))['pbi:mashup'].document), 'the overwrite');
  });

  it('keeps a draft when the push fails, and restores the previous version from backup', async () => {
    const ref = await gen1('Customers');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    const doc = await docOf(uri);
    const original = JSON.parse(await exportText(ref))['pbi:mashup'].document;
    await sandboxFault({ service: 'powerbi', kind: 'importFails', path: 'imports', times: 1, message: 'Injected publish failure' });
    await replaceAll(doc, doc.getText().replace('Sales_Dev', 'Sales_Draft'));
    assert.equal(await doc.save(), false);
    assert.equal(doc.isDirty, true);
    const store = (await api()).services.features.localStore as { draftFor(u: vscode.Uri): Promise<{ content: Uint8Array } | undefined> };
    const draft = await store.draftFor(uri);
    assert.match(Buffer.from(draft!.content).toString('utf8'), /Sales_Draft/);
    // As after a window reload: the file shows the service's version, and the draft is offered back.
    const dirtyText = doc.getText();
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false);
    assert.equal(await vscode.commands.executeCommand('dataflowWorkbench.offerDraft', uri, 'restore'), 'restore');
    assert.equal(doc.getText(), dirtyText, 'the draft is back in the editor');
    assert.equal(doc.isDirty, true);
    assert.ok(await doc.save(), 'a second save succeeds');
    assert.equal(await store.draftFor(uri), undefined, 'the draft is dropped after a successful push');
    assert.equal(await vscode.commands.executeCommand('dataflowWorkbench.offerDraft', uri), 'none', 'nothing to offer any more');
    assert.match(JSON.parse(await exportText(ref))['pbi:mashup'].document, /Sales_Draft/);
    await vscode.commands.executeCommand('dataflowWorkbench.restorePreviousVersion', { ref }, { index: 0, confirm: false });
    assert.equal(JSON.parse(await exportText(ref))['pbi:mashup'].document, original);
  });

  it('a save over a dataflow deleted elsewhere says so, keeps the edit dirty and as a draft, and re-creates nothing', async () => {
    const c = (await api()).services.connection.current.clients;
    const source = await gen1('Customers');
    const name = `Scratch deleted elsewhere ${Date.now()}`;
    const model = JSON.parse(await exportText(source));
    for (const e of model.entities ?? []) delete e.partitions; // an export carries them; an import refuses them
    const st0 = await sandboxState();
    const ws = st0.workspaces.find((w: any) => w.name === 'Finance [Dev]');
    const importId = await c.powerbi.importDataflow(ws.id, JSON.stringify({ ...model, name }), 'Abort');
    assert.equal((await c.powerbi.waitForImport(ws.id, importId, { pollMs: 100 })).importState, 'Succeeded');
    const ref = await gen1(name, 'Finance [Dev]');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    const doc = await docOf(uri);
    await sandboxFault({ service: 'powerbi', kind: 'deletedElsewhere', method: 'POST', path: 'imports' });
    await replaceAll(doc, doc.getText() + '\r\n// edited after someone deleted it');
    assert.equal(await doc.save(), false, 'the save fails');
    assert.equal(doc.isDirty, true, 'the edit stays in the editor');
    const store = (await api()).services.features.localStore as { draftFor(u: vscode.Uri): Promise<{ content: Uint8Array } | undefined> };
    assert.match(Buffer.from((await store.draftFor(uri))!.content).toString('utf8'), /edited after someone deleted it/, 'and as a draft');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(doc.getText()))), (e: Error) => /deleted on the service/.test(e.message) && !/save again to retry/.test(e.message));
    const st = await sandboxState();
    assert.equal(st.powerbi.dataflows.filter((d: any) => d.name === name).length, 0, 'nothing re-created under that name');
  });

  it('saves a Fabric Dataflow Gen2 part through updateDefinition and a flow through PATCH', async () => {
    const st = await sandboxState();
    const ws = st.workspaces.find((w: any) => w.name === 'Sales [Dev]');
    const item = st.fabric.items.find((i: any) => i.workspaceId === ws.id && i.displayName === 'Sample Lakehouse Dataflow');
    const fref: FabricItemRef = { service: 'fabric', kind: 'item', itemType: 'Dataflow', workspaceId: ws.id, workspaceName: ws.name, id: item.id, name: item.displayName };
    const furi = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref: fref });
    const fdoc = await docOf(furi);
    await replaceAll(fdoc, fdoc.getText() + '\n// reviewed\n');
    assert.ok(await fdoc.save());
    const c = (await api()).services.connection.current.clients;
    const def = await c.fabric.getDefinition(ws.id, item.id);
    assert.match(Buffer.from(def.parts.find((p) => p.path === 'mashup.pq')!.payload, 'base64').toString('utf8'), /\/\/ reviewed/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const envs = await c.discovery.listEnvironments();
    const dev = envs.find((e) => e.urlName === 'contoso-dev')!;
    const flows: any[] = [];
    for await (const p of c.dataverse(dev.webApiUrl).listFlows()) flows.push(...p);
    const f = flows.find((x) => x.name === 'Notify requestor when rejected');
    const ref: FlowRef = { service: 'dataverse', kind: 'flow', webApiUrl: dev.webApiUrl, environmentId: dev.id, environmentName: 'Contoso (Dev)', id: f.workflowid, name: f.name };
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    const doc = await docOf(uri);
    const json = JSON.parse(doc.getText());
    // definition.json holds clientdata's `properties` (definition, connectionReferences).
    json.definition.description = 'edited in VS Code';
    await replaceAll(doc, JSON.stringify(json, null, 2));
    assert.ok(await doc.save());
    const after = await c.dataverse(dev.webApiUrl).getFlow(f.workflowid);
    assert.equal(JSON.parse(after.clientdata!).properties.definition.description, 'edited in VS Code');
  });
});

describe('M diagnostics on a definition from the sandbox', function () {
  this.timeout(60_000);
  it('appear when a mashup.pq is broken and clear when it is fixed', async () => {
    const ref = await gen1('Sales Orders');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
    const doc = await docOf(uri);
    const original = doc.getText();
    const diags = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'powerquery');
    await replaceAll(doc, original.replace('in\r\n    Table;', 'in\r\n    Table'));
    const shown = await until(() => (diags().length ? diags() : undefined), 'a diagnostic');
    assert.ok(shown[0].range.start.line > 0);
    await replaceAll(doc, original);
    await until(() => diags().length === 0, 'diagnostics to clear');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
