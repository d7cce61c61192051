import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningSandboxImpl } from '../../../src/sandbox/server';
import { loadState, STATE_FILE } from '../../../src/sandbox/persistence';
import { dataflowId, pbi, pbiJson, startTestSandbox, workspaceId, WS } from './helpers';

describe('sandbox persistence (--data)', () => {
  let dir: string;
  let sb: RunningSandboxImpl | undefined;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-sandbox-')); });
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an edit across a restart', async () => {
    sb = await startTestSandbox({ dataDir: dir });
    const dev = workspaceId(sb, WS.salesDev);
    const id = dataflowId(sb, WS.salesDev, 'Customers');
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'PATCH', body: { name: 'Customers (renamed)', description: 'edited' } })).status, 200);
    await sb.close();
    assert.ok(fs.existsSync(path.join(dir, STATE_FILE)));
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left behind');

    sb = await startTestSandbox({ dataDir: dir });
    const list = await pbiJson(sb, `/groups/${dev}/dataflows`);
    const df = list.body.value.find((d: any) => d.objectId === id);
    assert.equal(df.name, 'Customers (renamed)');
    assert.equal(df.description, 'edited');
  });

  it('saves shortly after a change, before close', async () => {
    sb = await startTestSandbox({ dataDir: dir });
    const dev = workspaceId(sb, WS.salesDev);
    const id = dataflowId(sb, WS.salesDev, 'Customers');
    await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'DELETE' });
    const file = path.join(dir, STATE_FILE);
    for (let i = 0; i < 100 && !(fs.existsSync(file) && !loadState(dir)!.powerbi.dataflows.some((d) => d.objectId === id)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(!loadState(dir)!.powerbi.dataflows.some((d) => d.objectId === id));
  });

  it('refuses a corrupt state file with a message that says what to do', async () => {
    fs.writeFileSync(path.join(dir, STATE_FILE), '{not json');
    await assert.rejects(startTestSandbox({ dataDir: dir }), /not valid JSON.*Delete it/);
    fs.writeFileSync(path.join(dir, STATE_FILE), JSON.stringify({ version: 7 }));
    assert.throws(() => loadState(dir), /not a version 1 sandbox state/);
  });

  it('starts from the seed when the folder is empty', () => {
    assert.equal(loadState(dir), undefined);
  });
});
