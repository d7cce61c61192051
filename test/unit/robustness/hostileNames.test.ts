// Hostile ids and names stay one confined segment everywhere. Covered elsewhere: dataflow: URIs
// (test/unit/vfs/definitionPaths.test.ts, the same hostile list), safeFileName escaping and part
// path confinement (test/unit/definitions/paths.test.ts). Here: what really goes on the wire for
// every client call (captured as raw request lines at a loopback server), and `dfw export` folders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpClient } from '../../../src/core/http';
import { createServiceClients } from '../../../src/core/api';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { writeItemFolder } from '../../../src/cli/folders';
import { readLocalSources } from '../../../src/core/deploy/localSources';

export const HOSTILE = ['a/b', 'c\\d', 'x:y*z?', '"q"<>|', '#frag', '%', '%2F', '%2E%2E', '../../admin', '?x=1&$top=1', 'id#x', '.hidden', '🚀 émoji',
  'مرحبا بالعالم', 'x'.repeat(300), ' padded ', 'a&b=c', "it's", '...'];

/** Calls every id-taking method of the three clients with `id` in each id position. */
function everyCall(c: ReturnType<typeof createServiceClients>, id: string): Array<[string, () => Promise<unknown>]> {
  const noWait = { pollMs: 1, timeoutMs: 1 };
  const drain = async (g: AsyncGenerator<unknown>) => { for await (const p of g) void p; };
  const dv = c.dataverse(c.powerbi.root.replace('/pbi', '/dv'));
  return [
    ['pbi getGroup', () => c.powerbi.getGroup(id)],
    ['pbi listDataflows', () => c.powerbi.listDataflows(id)],
    ['pbi exportDataflow', () => c.powerbi.exportDataflow(id, id)],
    ['pbi updateDataflow', () => c.powerbi.updateDataflow(id, id, { name: 'n' })],
    ['pbi deleteDataflow', () => c.powerbi.deleteDataflow(id, id)],
    ['pbi importDataflow', () => c.powerbi.importDataflow(id, '{}', 'Abort')],
    ['pbi getImport', () => c.powerbi.getImport(id, id)],
    ['pbi refreshDataflow', () => c.powerbi.refreshDataflow(id, id, 'NoNotification')],
    ['pbi listTransactions', () => c.powerbi.listTransactions(id, id)],
    ['pbi cancelTransaction', () => c.powerbi.cancelTransaction(id, id)],
    ['pbi listDatasources', () => c.powerbi.listDatasources(id, id)],
    ['pbi listUpstreamDataflows', () => c.powerbi.listUpstreamDataflows(id, id)],
    ['pbi getDataflowSchedule', () => c.powerbi.getDataflowSchedule(id, id)],
    ['pbi listDatasets', () => c.powerbi.listDatasets(id)],
    ['pbi refreshDataset', () => c.powerbi.refreshDataset(id, id)],
    ['pbi listDatasetRefreshes', () => c.powerbi.listDatasetRefreshes(id, id)],
    ['pbi getDatasetRefreshDetail', () => c.powerbi.getDatasetRefreshDetail(id, id, id)],
    ['pbi cancelDatasetRefresh', () => c.powerbi.cancelDatasetRefresh(id, id, id)],
    ['pbi getDatasetSchedule', () => c.powerbi.getDatasetSchedule(id, id)],
    ['fabric getWorkspace', () => c.fabric.getWorkspace(id)],
    ['fabric listItems', () => drain(c.fabric.listItems(id))],
    ['fabric listFolders', () => c.fabric.listFolders(id)],
    ['fabric getItem', () => c.fabric.getItem(id, id)],
    ['fabric updateItem', () => c.fabric.updateItem(id, id, { displayName: 'n' })],
    ['fabric deleteItem', () => c.fabric.deleteItem(id, id)],
    ['fabric getDefinition', () => c.fabric.getDefinition(id, id, noWait)],
    ['fabric updateDefinition', () => c.fabric.updateDefinition(id, id, { parts: [] }, noWait)],
    ['fabric runJob', () => c.fabric.runJob(id, id, 'Execute')],
    ['fabric getJobInstance', () => c.fabric.getJobInstance(id, id, id)],
    ['fabric listJobInstances', () => drain(c.fabric.listJobInstances(id, id))],
    ['fabric cancelJob', () => c.fabric.cancelJob(id, id, id)],
    ['dataverse getFlow', () => dv.getFlow(id)],
    ['dataverse updateFlow', () => dv.updateFlow(id, { name: 'n' })],
    ['dataverse deleteFlow', () => dv.deleteFlow(id)],
    ['dataverse listFlowRuns', () => dv.listFlowRuns(id)],
  ];
}

describe('robustness: hostile names and ids', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(() => server.close());

  it('every client call puts each hostile id in exactly its own percent-encoded segment (or refuses it)', async () => {
    const http = new HttpClient({ tokenProvider: async () => 't', isTrustedHost: () => true, retry: { maxAttempts: 1, baseDelayMs: 1 } });
    const clients = createServiceClients({ http, roots: { powerbi: `${server.origin}/pbi`, fabric: `${server.origin}/fab`, discovery: '' } });
    let checked = 0;
    for (const id of [...HOSTILE, '.', '..', '']) {
      for (const [name, call] of everyCall(clients, id)) {
        const before = server.seen.length;
        const refusal = await Promise.resolve().then(call).then(() => undefined, (e: Error) => e);
        const sent = server.seen.slice(before);
        if ((id === '.' || id === '..' || id === '') && name !== 'dataverse listFlowRuns') { // a filter literal may be anything
          assert.equal(sent.length, 0, `${name}(${JSON.stringify(id)}) must not be sent: ${sent.map((s) => s.url).join(' ')}`);
          assert.match(refusal?.message ?? '', /is not a valid id: an id cannot be empty, "\." or "\.\."/, name);
          continue;
        }
        assert.ok(sent.length >= 1, `${name}(${id}) sent nothing: ${refusal?.message}`);
        const raw = sent[0].url;
        const [pathPart, query = ''] = raw.split('?');
        assert.ok(!raw.includes('#'), `${name}: a raw # in ${raw}`);
        const segments = pathPart.split('/').map((s) => decodeURIComponent(s));
        assert.ok(!segments.some((s) => s === '..' || s === '.'), `${name}: dot segment in ${raw}`);
        // The id occurs as a whole segment (path ids), inside `workflows(...)`, or as an OData literal.
        const inPath = segments.includes(id) || segments.some((s) => s === `workflows(${id})`);
        const inFilter = new URLSearchParams(query).get('$filter') === `workflowid eq '${id.replace(/'/g, "''")}'`;
        assert.ok(inPath || inFilter, `${name}(${id}) → ${raw}`);
        // A query-looking id never adds query parameters of its own.
        for (const k of new URLSearchParams(query).keys()) assert.ok(['$filter', '$select', '$orderby', '$top', 'type', 'jobType', 'processType', 'nameConflict', 'datasetDisplayName'].includes(k), `${name}: unexpected query key ${k} in ${raw}`);
        checked++;
      }
    }
    assert.ok(checked >= HOSTILE.length * 30, `checked ${checked}`);
  });

  it('dfw export folders stay inside --out, do not collide, and read back to the exact display name', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-hostile-'));
    try {
      const names = [...new Set([...HOSTILE, '..', '.', '', 'a:b', 'a/b', 'CON', 'trailing. '])];
      const dirs = new Set<string>();
      for (const [i, name] of names.entries()) {
        const dir = writeItemFolder(out, `${name}.Dataflow`, { 'mashup.pq': `section S; shared N${i} = 1;`, 'queryMetadata.json': '{}' }, undefined,
          { service: 'fabric', kind: 'Dataflow', id: `id-${i}`, name, container: 'w', exportedAt: '', baseHash: '' });
        assert.equal(path.dirname(dir), out, `${JSON.stringify(name)} → ${dir}`);
        assert.ok(Buffer.byteLength(path.basename(dir)) <= 255);
        dirs.add(dir);
      }
      assert.equal(dirs.size, new Set(names.map((n) => n.slice(0, 200))).size, 'no two names share a folder');
      assert.throws(() => writeItemFolder(out, 'x.Dataflow', { '../escape.pq': '' }, undefined, { service: 'fabric', kind: 'Dataflow', id: 'i', name: 'x', container: 'w', exportedAt: '', baseHash: '' }), /points outside/);
      assert.ok(!fs.existsSync(path.join(out, '..', 'escape.pq')));
      // Without .dfw.json (a Git checkout), the folder name alone gives the display name back.
      for (const d of dirs) fs.rmSync(path.join(d, '.dfw.json'));
      const back = readLocalSources(out).map((s) => s.name).sort();
      const expected = names.filter((n) => n.length > 0 && n.length <= 200).sort(); // '' is written '_'; 300 characters are cut to 200
      for (const n of expected) assert.ok(back.includes(n), `${JSON.stringify(n)} not read back: ${JSON.stringify(back.slice(0, 5))}`);
    } finally { fs.rmSync(out, { recursive: true, force: true }); }
  });
  it('dfw export never overwrites another item\'s folder, and a re-export drops parts removed on the service', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-collide-'));
    const meta = (id: string, name: string) => ({ service: 'fabric' as const, kind: 'Dataflow', id, name, container: 'w', exportedAt: '', baseHash: '' });
    try {
      const dir = writeItemFolder(out, 'Sales.Dataflow', { 'mashup.pq': 'section S; shared A = 1;', 'old-part.json': '{}' }, undefined, meta('id-1', 'Sales'));
      // A second item with the same name (Power BI allows it) is refused, and the first folder is intact.
      assert.throws(() => writeItemFolder(out, 'Sales.Dataflow', { 'mashup.pq': 'section S; shared B = 2;' }, undefined, meta('id-2', 'Sales')), /already holds "Sales" \(id-1\).*nothing was overwritten/);
      assert.equal(fs.readFileSync(path.join(dir, 'mashup.pq'), 'utf8'), 'section S; shared A = 1;');
      // A folder dfw did not write is not overwritten either.
      fs.mkdirSync(path.join(out, 'Mine.Dataflow'));
      fs.writeFileSync(path.join(out, 'Mine.Dataflow', 'notes.txt'), 'keep');
      assert.throws(() => writeItemFolder(out, 'Mine.Dataflow', { 'mashup.pq': '' }, undefined, meta('id-3', 'Mine')), /files that dfw did not write/);
      assert.equal(fs.readFileSync(path.join(out, 'Mine.Dataflow', 'notes.txt'), 'utf8'), 'keep');
      // Re-exporting the same item replaces its files.
      writeItemFolder(out, 'Sales.Dataflow', { 'mashup.pq': 'section S; shared A = 3;' }, undefined, meta('id-1', 'Sales'));
      assert.deepEqual(fs.readdirSync(dir).sort(), ['.dfw.json', 'mashup.pq']);
    } finally { fs.rmSync(out, { recursive: true, force: true }); }
  });
});
