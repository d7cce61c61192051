// Fault matrix, saving (core/vfs/pushDefinition): Gen1 dataflow, Dataflow Gen2 (Fabric) and cloud
// flow × the faults of issue #11, injected by the sandbox on the save's write request (or on its
// re-read, for "someone else" between open and save). Every cell asserts the real outcome: saved
// (and the request log shows the retry, or that a write was sent once), or a typed error that says
// what happened and what to do; after a failure the draft is still stored and the remote is as it
// was (or as the other user left it); the number of items never changes (no duplicates).
//
// N/A cells (left out of the table):
// - lroFails: only Fabric writes are long-running operations.
// - importFails: only Gen1 saves go through an import.
// - stall: a save starts no refresh (ApplyChanges after a Gen2 save is started, not awaited).
// - changed at the write itself: only Dataverse offers a conditional write (If-Match); a Gen1
//   import and a Fabric updateDefinition cannot be made conditional, so the window between the
//   pre-save re-read and the write is last-writer-wins (the re-read row covers everything before).
import * as assert from 'node:assert/strict';
import type { ServiceClients } from '../../../src/core/api';
import { ApiError, OperationError } from '../../../src/core/http';
import { DefinitionStore, MemoryTextStorage } from '../../../src/core/vfs/definitionStore';
import { fileKey, type ItemAddress } from '../../../src/core/vfs/definitionPaths';
import { loadSession, type ItemSession } from '../../../src/core/vfs/itemSessions';
import { ItemGoneError, pushDefinition, SaveConflictError, SaveUncertainError } from '../../../src/core/vfs/pushDefinition';
import type { FaultSpec } from '../../../src/sandbox/types';
import { assertActionable, assertRetried, assertSentTimes, faultSpec, VERIFY_DELAYS_MS, wsId, type FaultName, type Sandbox, freshSandboxPerTest } from './faultMatrixHelpers';

type Kind = 'gen1' | 'gen2' | 'flow';
type Where = Pick<FaultSpec, 'service' | 'method' | 'path'>;
type Cell =
  | { saved: true; retriedAfter?: number; writesSent?: number }
  | { error: 'failed' | 'uncertain' | 'conflict' | 'gone'; message: RegExp; writesSent?: number };

interface Row { fault: FaultName; at: 'write' | 'reread'; cells: Partial<Record<Kind, Cell>> }

const all = (c: Cell): Record<Kind, Cell> => ({ gen1: c, gen2: c, flow: c });
const GONE: Cell = { error: 'gone', message: /deleted on the service.*kept as a draft/ };

// The matrix: fault (and where it strikes) → outcome per item kind.
const MATRIX: Row[] = [
  { fault: '429', at: 'write', cells: all({ saved: true, retriedAfter: 429 }) },
  { fault: '503', at: 'write', cells: all({ saved: true, retriedAfter: 503 }) },
  { fault: '500', at: 'write', cells: {
    gen1: { error: 'failed', message: /Injected internal error/, writesSent: 1 }, // an import POST is never retried blindly
    gen2: { saved: true, retriedAfter: 500 }, flow: { saved: true, retriedAfter: 500 } } },
  { fault: 'drop', at: 'write', cells: {
    gen1: { error: 'uncertain', message: /answer .* was lost.*kept as a draft.*Compare with Service/, writesSent: 1 },
    gen2: { saved: true, retriedAfter: 0 }, flow: { saved: true, retriedAfter: 0 } } },
  // The service applied the write, then the connection dropped: the state is checked, not re-sent.
  { fault: 'dropAfter', at: 'write', cells: { gen1: { saved: true, writesSent: 1 }, gen2: { saved: true, retriedAfter: 0 }, flow: { saved: true } } },
  { fault: 'slow', at: 'write', cells: { gen1: { saved: true, writesSent: 1 }, gen2: { saved: true }, flow: { saved: true } } },
  { fault: 'lroFails', at: 'write', cells: { gen2: { error: 'failed', message: /Injected operation failure/ } } },
  { fault: 'importFails', at: 'write', cells: { gen1: { error: 'failed', message: /import failed.*Injected publish failure/ } } },
  { fault: 'changed', at: 'reread', cells: all({ error: 'conflict', message: /changed on the service since you opened it/ }) },
  { fault: 'changed', at: 'write', cells: { flow: { error: 'conflict', message: /changed on the service while saving/ } } },
  { fault: 'deleted', at: 'reread', cells: all(GONE) },
  { fault: 'deleted', at: 'write', cells: all(GONE) },
];

interface Subject {
  address: ItemAddress;
  part: string;
  write: Where;
  reread: Where;
  edit(s: ItemSession): string;
  /** What the service holds for the item now (undefined when it is gone). */
  remote(): string | undefined;
  /** Items of this kind in the container (workspace or environment). */
  count(): number;
}

const text = (s: ItemSession, part: string) => Buffer.from(s.files.get(part)!).toString('utf8');
const MINE = 'edited in the matrix';

async function subject(kind: Kind, sb: Sandbox, c: ServiceClients): Promise<Subject> {
  const dev = wsId(sb, 'Sales [Dev]');
  if (kind === 'gen1') {
    const id = sb.state.powerbi.dataflows.find((d) => d.workspaceId === dev && d.name === 'Customers')!.objectId;
    const find = () => sb.state.powerbi.dataflows.find((d) => d.objectId === id);
    return {
      address: { service: 'powerbi', workspaceId: dev, itemId: id }, part: 'mashup.pq',
      write: { service: 'powerbi', method: 'POST', path: '/imports$' }, reread: { service: 'powerbi', method: 'GET', path: `/dataflows/${id}$` },
      edit: (s) => `${text(s, 'mashup.pq')}\r\n// ${MINE}\r\n`,
      remote: () => find()?.modelJson, count: () => sb.state.powerbi.dataflows.filter((d) => d.workspaceId === dev).length,
    };
  }
  if (kind === 'gen2') {
    const item = sb.state.fabric.items.find((i) => i.workspaceId === dev && i.type === 'Dataflow' && !i.failJobs && i.parts?.some((p) => p.path === 'mashup.pq'));
    assert.ok(item, 'a Dataflow Gen2 is seeded in Sales [Dev]');
    const find = () => sb.state.fabric.items.find((i) => i.id === item.id);
    return {
      address: { service: 'fabric', workspaceId: dev, itemId: item.id }, part: 'mashup.pq',
      write: { service: 'fabric', method: 'POST', path: '/updateDefinition$' }, reread: { service: 'fabric', method: 'POST', path: '/getDefinition$' },
      edit: (s) => `${text(s, 'mashup.pq')}\n// ${MINE}\n`,
      remote: () => { const p = find()?.parts?.find((x) => x.path === 'mashup.pq'); return p && Buffer.from(p.payload, 'base64').toString('utf8'); },
      count: () => sb.state.fabric.items.filter((i) => i.workspaceId === dev).length,
    };
  }
  const env = (await c.discovery.listEnvironments()).find((e) => e.urlName === 'contoso-dev')!;
  const row = sb.state.dataverse.flows.find((f) => f.org === 'contoso-dev' && f.clientdata.includes('"definition"'));
  assert.ok(row, 'a cloud flow is seeded in contoso-dev');
  const find = () => sb.state.dataverse.flows.find((f) => f.workflowid === row.workflowid);
  return {
    address: { service: 'dataverse', webApiUrl: env.webApiUrl, itemId: row.workflowid }, part: 'definition.json',
    write: { service: 'dataverse', method: 'PATCH', path: '/workflows\\(' }, reread: { service: 'dataverse', method: 'GET', path: '/workflows\\(' },
    edit: (s) => { const d = JSON.parse(text(s, 'definition.json')); d.definition.description = MINE; return JSON.stringify(d, null, 2); },
    remote: () => find()?.clientdata, count: () => sb.state.dataverse.flows.filter((f) => f.org === 'contoso-dev').length,
  };
}

const ERROR_TYPES = { failed: [ApiError, OperationError], uncertain: [SaveUncertainError], conflict: [SaveConflictError], gone: [ItemGoneError] } as const;

describe('fault matrix: saving a definition (Gen1, Dataflow Gen2, cloud flow)', function () {
  this.timeout(30000);
  const fresh = freshSandboxPerTest();

  for (const row of MATRIX) {
    for (const [kind, cell] of Object.entries(row.cells) as Array<[Kind, Cell]>) {
      it(`${row.fault}${row.at === 'reread' ? ' (before the write)' : row.fault === 'changed' || row.fault === 'deleted' ? ' (at the write)' : ''} × ${kind}: ${'saved' in cell ? 'saved' : cell.error}`, async () => {
        const { sb, c } = fresh;
        const s = await subject(kind, sb, c);
        const store = new DefinitionStore(new MemoryTextStorage());
        const session = await loadSession(c, s.address);
        const before = { remote: s.remote(), count: s.count() };
        const mine = s.edit(session);
        const where = row.at === 'write' ? s.write : s.reread;
        sb.ctx.requestLog.length = 0;
        sb.ctx.faults.add(faultSpec(row.fault, where));
        const push = pushDefinition({ clients: c, store, session, part: s.part, content: new Uint8Array(Buffer.from(mine, 'utf8')),
          consentToMetadataSync: async () => false, applyChanges: async () => false, verifyDelaysMs: VERIFY_DELAYS_MS });
        const draft = async () => (await store.draft(fileKey(s.address, s.part)))?.content;
        const writePath = new RegExp(s.write.path!);

        if ('saved' in cell) {
          const r = await push;
          assert.equal(r.outcome, 'pushed');
          assert.ok(s.remote()?.includes(MINE), 'the service holds the edit');
          assert.equal(await draft(), undefined, 'the draft is dropped once saved');
          if (cell.retriedAfter !== undefined) assertRetried(sb, s.write.method!, writePath, cell.retriedAfter);
          if (cell.writesSent !== undefined) assertSentTimes(sb, s.write.method!, writePath, cell.writesSent);
          assert.equal(s.count(), before.count, 'no item created or lost');
          return;
        }
        const err = await push.then(() => assert.fail('the save should fail'), (e: unknown) => e as Error);
        assert.ok(ERROR_TYPES[cell.error].some((t) => err instanceof t), `${cell.error}: got ${err.name}: ${err.message}`);
        assertActionable(err.message, cell.message);
        assert.equal(Buffer.from((await draft())!).toString('utf8'), mine, 'the edit is kept as a draft');
        if (cell.writesSent !== undefined) assertSentTimes(sb, s.write.method!, writePath, cell.writesSent);
        if (cell.error === 'gone') {
          assert.equal(s.remote(), undefined, 'still gone: no item was created in its place');
          assert.equal(s.count(), before.count - 1, 'no item created');
          return;
        }
        assert.equal(s.count(), before.count, 'no item created or lost');
        if (cell.error === 'conflict') {
          assert.match(s.remote()!, /[Cc]hanged elsewhere/, 'the other change is intact');
          assert.ok(!s.remote()!.includes(MINE));
          assert.match(text((err as SaveConflictError).remote, s.part), /[Cc]hanged elsewhere/, 'the conflict carries their version for Compare');
        } else {
          // Give a slow write time to land before checking that nothing did.
          await new Promise((w) => setTimeout(w, 100));
          assert.equal(s.remote(), before.remote, 'the remote is unchanged');
        }
      });
    }
  }

  it('covers every fault of issue #11 at least once', () => {
    const faults = new Set(MATRIX.map((r) => r.fault));
    for (const f of ['429', '500', '503', 'drop', 'dropAfter', 'slow', 'lroFails', 'importFails', 'changed', 'deleted'] as FaultName[]) assert.ok(faults.has(f), f);
  });
});
