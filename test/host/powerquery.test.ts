// Runs inside a real VS Code: M diagnostics appear for a broken document and clear after a fix;
// outline, definition, references, formatting, hover and completion answer through VS Code's commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generateSectionDocument } from '../../src/core/pq/generatedDocument';

const BROKEN = [
  'section Section1;',
  'shared ServerName = "srv" meta [IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true];',
  'shared #"Raw Orders" = Sql.Database(ServerName, "db")',
  'shared Orders = Table.SelectRows(#"Raw Orders", each [Amount] > 0);',
  '',
].join('\n');

async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'dataflow-workbench');
  assert.ok(ext, 'the extension under test is loaded');
  await ext.activate();
}

function waitForDiagnostics(uri: vscode.Uri, done: (d: readonly vscode.Diagnostic[]) => boolean, what: string): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'powerquery');
      if (!done(current)) return false;
      sub.dispose();
      clearTimeout(timer);
      resolve(current);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => { if (e.uris.some((u) => u.toString() === uri.toString())) check(); });
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out waiting for ${what}`)); }, 15000);
    check();
  });
}

describe('Power Query language support (extension host)', function () {
  this.timeout(30000);
  let doc: vscode.TextDocument;

  before(async () => {
    await activateExtension();
    doc = await vscode.workspace.openTextDocument({ language: 'powerquery', content: BROKEN });
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('reports the missing ; on the next shared query, then clears once it is fixed', async () => {
    const [diagnostic] = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'a diagnostic');
    assert.equal(diagnostic.range.start.line, 3);
    assert.equal(diagnostic.range.start.character, 0);
    assert.match(diagnostic.message, /Missing ';'/);

    const edit = new vscode.WorkspaceEdit();
    const endOfLine2 = doc.lineAt(2).range.end;
    edit.insert(doc.uri, endOfLine2, ';');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(doc.uri, (d) => d.length === 0, 'diagnostics to clear');
  });

  it('lists shared queries in the outline, parameters marked', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['ServerName', 'Raw Orders', 'Orders']);
    assert.equal(symbols[0].detail, 'parameter');
    assert.notEqual(symbols[0].kind, symbols[2].kind);
    assert.equal(symbols[1].selectionRange.start.line, 2);
    assert.equal(symbols[1].selectionRange.start.character, 7);
  });

  it('goes to the definition of a quoted query name and finds its references', async () => {
    const use = new vscode.Position(3, doc.lineAt(3).text.indexOf('#"Raw Orders"') + 4);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, use);
    const target = defs.map((d) => ('targetRange' in d ? d.targetRange : d.range))[0];
    assert.ok(target, 'a definition');
    assert.equal(target.start.line, 2);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, use);
    assert.deepEqual(refs.map((r) => r.range.start.line).sort(), [2, 3]);
  });

  it('formats the document and hovers library functions', async () => {
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri,
      { insertSpaces: true, tabSize: 4 });
    assert.ok(edits && edits.length > 0, 'formatting edits');
    // VS Code reduces a whole-document edit to minimal edits: apply them and read the result.
    const we = new vscode.WorkspaceEdit();
    we.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(we));
    assert.match(doc.getText(), /section Section1;\n\nshared ServerName/);
    assert.match(doc.getText(), /shared Orders = Table\.SelectRows\(#"Raw Orders", each \[Amount\] > 0\);/);
    const at = doc.positionAt(doc.getText().indexOf('Sql.Database') + 5);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Sql\.Database\(server as text/);
  });

  it('completes library functions and the document\'s own names', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(4, 0));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const expected of ['Table.SelectRows', 'Lakehouse.Contents', '#"Raw Orders"', 'ServerName']) assert.ok(labels.includes(expected), expected);
  });
});

describe('Power Query diagnostics of a large document (worker threads in the extension host)', function () {
  this.timeout(60000);

  it('reports errors in the first and last of ~1,300 queries at their lines, and clears them once fixed', async () => {
    await activateExtension();
    const valid = generateSectionDocument(400 * 1024).replace(/\r\n/g, '\n');
    // A ')' missing in the first and in the last query: each is reported at that query's `in`.
    const firstBroken = valid.replace('"sales"),', '"sales",');
    const lastAt = firstBroken.lastIndexOf('"sales"),');
    const broken = `${firstBroken.slice(0, lastAt)}"sales",${firstBroken.slice(lastAt + '"sales"),'.length)}`;
    const lineOf = (offset: number): number => broken.slice(0, offset).split('\n').length - 1;
    const doc = await vscode.workspace.openTextDocument({ language: 'powerquery', content: broken });
    await vscode.window.showTextDocument(doc);
    try {
      const found = await waitForDiagnostics(doc.uri, (d) => d.length === 2, 'two diagnostics');
      const expectedLines = [broken.indexOf('"sales",'), broken.lastIndexOf('"sales",')].map((at) => lineOf(broken.indexOf('\nin\n', at)) + 1);
      assert.deepEqual(found.map((d) => d.range.start.line).sort((a, b) => a - b), expectedLines);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(broken.length)), valid);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitForDiagnostics(doc.uri, (d) => d.length === 0, 'diagnostics to clear');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
