import * as assert from 'node:assert/strict';
import type { RunningSandboxImpl } from '../../../src/sandbox/server';
import { parseMultipart, boundaryOf } from '../../../src/sandbox/multipart';
import { authedFetch, dataflowId, minimalModel, pbiJson, postImport, startTestSandbox, TEST_TIMINGS, workspaceId, WS } from './helpers';

describe('sandbox Power BI: dataflow import (Post Import in Group)', () => {
  let sb: RunningSandboxImpl;
  let test: string;
  beforeEach(async () => {
    sb = await startTestSandbox();
    test = workspaceId(sb, WS.salesTest);
  });
  afterEach(async () => { await sb.close(); });

  const importState = async (groupId: string, id: string) => (await pbiJson(sb, `/groups/${groupId}/imports/${id}`)).body;
  const names = async (groupId: string) => (await pbiJson(sb, `/groups/${groupId}/dataflows`)).body.value.map((d: any) => d.name as string);

  it('creates a dataflow: 202 {id}, Publishing, then Succeeded and listed', async () => {
    const res = await postImport(sb, test, minimalModel('Sales Orders'), 'datasetDisplayName=model.json&nameConflict=Abort');
    assert.equal(res.status, 202);
    assert.ok(res.headers.get('requestid'));
    const { id } = await res.json() as { id: string };
    const publishing = await importState(test, id);
    assert.equal(publishing.importState, 'Publishing');
    assert.deepEqual([publishing.name, publishing.source, publishing.datasets, publishing.reports], ['Sales Orders', 'Upload', [], []]);
    assert.ok(!(await names(test)).includes('Sales Orders'), 'not visible while publishing');
    sb.ctx.clock.advance(TEST_TIMINGS.importMs);
    const done = await importState(test, id);
    assert.equal(done.importState, 'Succeeded');
    assert.ok(Date.parse(done.updatedDateTime) > Date.parse(done.createdDateTime));
    assert.ok((await names(test)).includes('Sales Orders'));
  });

  it('accepts an empty part name, a BOM and a quoted boundary', async () => {
    const res = await postImport(sb, test, '\uFEFF' + JSON.stringify(minimalModel('Bommed')), undefined, { partName: null, boundary: '----=_Part 42' });
    assert.equal(res.status, 202);
    sb.ctx.clock.advance(TEST_TIMINGS.importMs);
    assert.ok((await names(test)).includes('Bommed'));
  });

  it('Overwrite keeps the objectId, replaces the model and bumps modifiedDateTime', async () => {
    const id = dataflowId(sb, WS.salesTest, 'Customers');
    const before = (await pbiJson(sb, `/groups/${test}/dataflows`)).body.value.find((d: any) => d.objectId === id);
    const res = await postImport(sb, test, minimalModel('Customers', { description: 'from dev' }), 'datasetDisplayName=model.json&nameConflict=Overwrite');
    assert.equal(res.status, 202);
    sb.ctx.clock.advance(TEST_TIMINGS.importMs);
    const { id: importId } = await res.json() as { id: string };
    assert.equal((await importState(test, importId)).importState, 'Succeeded');
    const list = (await pbiJson(sb, `/groups/${test}/dataflows`)).body.value.filter((d: any) => d.name === 'Customers');
    assert.equal(list.length, 1);
    assert.equal(list[0].objectId, id);
    assert.equal(list[0].description, 'from dev');
    assert.ok(Date.parse(list[0].modifiedDateTime) > Date.parse(before.modifiedDateTime));
    const exported = await pbiJson(sb, `/groups/${test}/dataflows/${id}`);
    assert.match(exported.body['pbi:mashup'].document, /Web\.Contents/);
  });

  it('Overwrite with no match is DuplicatePackageNotFoundError (400); with several it is 400 too', async () => {
    const none = await postImport(sb, test, minimalModel('Nope'), 'datasetDisplayName=model.json&nameConflict=Overwrite');
    assert.equal(none.status, 400);
    assert.equal(((await none.json()) as any).error.code, 'DuplicatePackageNotFoundError');
    for (let i = 0; i < 2; i++) await postImport(sb, test, minimalModel('Twin'), 'datasetDisplayName=model.json&nameConflict=Ignore');
    sb.ctx.clock.advance(TEST_TIMINGS.importMs);
    assert.equal((await names(test)).filter((n: string) => n === 'Twin').length, 2, 'Ignore (the default) creates duplicates');
    const several = await postImport(sb, test, minimalModel('Twin'), 'datasetDisplayName=model.json&nameConflict=Overwrite');
    assert.equal(several.status, 400);
    assert.equal(((await several.json()) as any).error.code, 'DuplicatePackageFoundMoreThanOnce');
  });

  it('Abort refuses an existing name; GenerateUniqueName picks a new one; CreateOrOverwrite does both', async () => {
    const abort = await postImport(sb, test, minimalModel('Customers'), 'datasetDisplayName=model.json&nameConflict=Abort');
    assert.equal(abort.status, 409);
    assert.equal(((await abort.json()) as any).error.code, 'PbixAlreadyImported');
    const gen = await postImport(sb, test, minimalModel('Customers'), 'datasetDisplayName=model.json&nameConflict=GenerateUniqueName');
    assert.equal(gen.status, 202);
    await postImport(sb, test, minimalModel('Brand New'), 'datasetDisplayName=model.json&nameConflict=CreateOrOverwrite');
    const id = dataflowId(sb, WS.salesTest, 'Customers');
    await postImport(sb, test, minimalModel('Customers', { description: 'coo' }), 'datasetDisplayName=model.json&nameConflict=CreateOrOverwrite');
    sb.ctx.clock.advance(TEST_TIMINGS.importMs);
    const list = (await pbiJson(sb, `/groups/${test}/dataflows`)).body.value;
    assert.deepEqual(list.map((d: any) => d.name).sort(), ['Brand New', 'Customers', 'Customers (2)']);
    assert.equal(list.find((d: any) => d.name === 'Customers').objectId, id);
    assert.equal(list.find((d: any) => d.name === 'Customers').description, 'coo');
  });

  it('rejects model.json that still carries partitions, invalid JSON, a missing name, and other display names', async () => {
    const withParts = minimalModel('Exported', { entities: [{ $type: 'LocalEntity', name: 'Q', attributes: [], partitions: [{ name: 'Part001', location: 'https://x/Q.csv@snapshot=1' }] }] });
    const p = await postImport(sb, test, withParts);
    assert.equal(p.status, 400);
    const pe = ((await p.json()) as any).error;
    assert.equal(pe.code, 'ModelJsonContainsPartitions');
    assert.match(pe.message, /partitions/);
    const emptyParts = minimalModel('Stripped', { entities: [{ $type: 'LocalEntity', name: 'Q', attributes: [], partitions: [] }] });
    assert.equal((await postImport(sb, test, emptyParts)).status, 202, 'an empty partitions array is fine');
    const bad = await postImport(sb, test, '{"name": ');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as any).error.code, 'InvalidModelJson');
    const noName = await postImport(sb, test, { version: '1.0', entities: [] });
    assert.equal(((await noName.json()) as any).error.code, 'InvalidModelJson');
    const pbix = await postImport(sb, test, minimalModel('X'), 'datasetDisplayName=Sales.pbix');
    assert.equal(pbix.status, 400);
    assert.equal((await postImport(sb, test, minimalModel('X'), 'datasetDisplayName=model.json&nameConflict=Replace')).status, 400);
    const notMultipart = await authedFetch(sb, `${sb.endpoints.powerbi}/groups/${test}/imports?datasetDisplayName=model.json`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(minimalModel('Y')) });
    assert.equal(notMultipart.status, 400);
    assert.equal(sb.state.powerbi.imports.length, 1, 'only the valid upload became an import');
  });

  it('an importFails fault makes the import end Failed with error {code, details}, creating nothing', async () => {
    sb.ctx.faults.add({ kind: 'importFails', message: 'The model.json references an unknown connection.' });
    const res = await postImport(sb, test, minimalModel('Doomed'));
    assert.equal(res.status, 202);
    const { id } = await res.json() as { id: string };
    assert.equal((await importState(test, id)).importState, 'Publishing');
    sb.ctx.clock.advance(TEST_TIMINGS.importMs);
    const failed = await importState(test, id);
    assert.equal(failed.importState, 'Failed');
    assert.equal(typeof failed.error.code, 'string');
    assert.equal(failed.error.details, 'The model.json references an unknown connection.');
    assert.ok(!(await names(test)).includes('Doomed'));
  });

  it('unknown import id or group: 404', async () => {
    assert.equal((await pbiJson(sb, `/groups/${test}/imports/00000000-0000-0000-0000-000000000000`)).status, 404);
    assert.equal((await postImport(sb, '00000000-0000-0000-0000-000000000000', minimalModel('A'))).status, 404);
  });

  it('multipart parser: boundary forms, LF-only bodies, part names', () => {
    assert.equal(boundaryOf('multipart/form-data; boundary="a b"'), 'a b');
    assert.equal(boundaryOf('multipart/form-data;boundary=xyz'), 'xyz');
    assert.equal(boundaryOf('application/json'), undefined);
    const lf = Buffer.from('--x\nContent-Disposition: form-data; name="meta"\n\n{}\n--x\nContent-Disposition: form-data; name="file"; filename="model.json"\n\nBODY\n--x--\n');
    const parts = parseMultipart(lf, 'x');
    assert.deepEqual(parts.map((p) => [p.name, p.filename, p.data.toString()]), [['meta', undefined, '{}'], ['file', 'model.json', 'BODY']]);
    assert.throws(() => parseMultipart(Buffer.from('--x\r\n\r\nnever closed'), 'x'), /closing boundary/);
  });
});
