// Fault matrix, the flow-state step of a cloud-flow deploy (environment "flowState": "on"): after
// the definition was written (PATCH for an update, POST for a create), a second PATCH of
// statecode/statuscode turns the flow on. The faults strike that state PATCH only: they are
// queued when the executor reports "turning the flow on", after the definition write answered.
// Every cell asserts that the item is reported as deployed (never as a failed write), that the
// definition was written once and holds the plan, the flow's state afterwards, and the message:
// none when the flow is on, one that says it was left off and to turn it on otherwise.
//
// "× n" cells repeat the fault on every attempt the client makes (6), so the retries cannot
// hide it. The state PATCH is idempotent (If-Match: *), so a single 500 or drop is retried.
// N/A: changed / deleted elsewhere (the state PATCH carries no etag; the definition write's own
// cells are in faultMatrix.deploy), slow (a drop as far as the client is concerned), and the
// Gen1 / Fabric faults (no state step).
import * as assert from 'node:assert/strict';
import { gatherPlanInput } from '../../../src/core/deploy/gather';
import { planDeployment } from '../../../src/core/deploy/planner';
import { executePlan, type DeployTarget } from '../../../src/core/deploy/executor';
import { parseEnvironmentsFile } from '../../../src/core/deploy/environmentsFile';
import { definitionsEqual } from '../../../src/core/deploy/normalize';
import { decodeClientData } from '../../../src/core/deploy/itemIO';
import type { DefinitionRef } from '../../../src/core/model/itemRef';
import { assertActionable, faultSpec, freshSandboxPerTest, VERIFY_DELAYS_MS, type FaultName, type Sandbox } from './faultMatrixHelpers';

type Plan = 'update' | 'create';
interface Cell {
  fault: Extract<FaultName, '429' | '500' | '503' | 'drop' | 'dropAfter'>;
  /** How many state PATCHes it strikes (1: the first only; 6: every attempt of the client). */
  times: 1 | 6;
  /** The flow's state afterwards. */
  on: boolean;
  /** Statuses of the state PATCHes, in order (0: connection dropped). */
  statePatches: number[];
  message?: RegExp;
}

const LEFT_OFF = (why: RegExp) => new RegExp(`^Deployed, but "[^"]+" was left off in Contoso \\(Test\\): turning it on failed \\(${why.source}.*\\)\\. Turn it on there .*deploying again will not`);
const ALL_6 = (status: number) => Array<number>(6).fill(status);

const CELLS: Cell[] = [
  { fault: '429', times: 1, on: true, statePatches: [429, 204] },
  { fault: '503', times: 1, on: true, statePatches: [503, 204] },
  // One failure: retried (the PATCH is idempotent), the flow is on.
  { fault: '500', times: 1, on: true, statePatches: [500, 204] },
  { fault: 'drop', times: 1, on: true, statePatches: [0, 204] },
  { fault: 'dropAfter', times: 1, on: true, statePatches: [0, 204] },
  // Every attempt fails: the definition is deployed, the flow left off, and the message says so.
  { fault: '500', times: 6, on: false, statePatches: ALL_6(500), message: LEFT_OFF(/.*Injected internal error/) },
  { fault: 'drop', times: 6, on: false, statePatches: ALL_6(0), message: LEFT_OFF(/.*/) },
  // Every attempt was applied and every answer lost: read back, the flow is on, not a failure.
  { fault: 'dropAfter', times: 6, on: true, statePatches: ALL_6(0) },
];
const PLANS: Plan[] = ['update', 'create'];

const ENV = { ...parseEnvironmentsFile('{ "environments": { "test": { "powerbi": { "workspace": "Sales [Test]" }, "flowState": "on" } } }').environments[0], flowState: 'on' as const };

interface Scenario { source: DefinitionRef; target: DeployTarget & { service: 'dataverse' }; named(): Sandbox['state']['dataverse']['flows'] }

/** A flow of contoso-dev that contoso-test holds in an older version, switched off (update), or lacks (create). */
function scenario(plan: Plan, sb: Sandbox): Scenario {
  const name = plan === 'update' ? 'Copy approval process' : 'Scheduled sync from CoE Core';
  const webApiUrl = (org: string) => `${new URL(sb.endpoints.dataverse).origin}/dataverse/${org}/api/data/v9.2`;
  const src = sb.state.dataverse.flows.find((f) => f.org === 'contoso-dev' && f.name === name);
  assert.ok(src, `flow ${name} is seeded in contoso-dev`);
  return {
    source: { service: 'dataverse', kind: 'flow', webApiUrl: webApiUrl('contoso-dev'), environmentId: 'contoso-dev', environmentName: 'Contoso (Dev)', id: src.workflowid, name },
    target: { service: 'dataverse', webApiUrl: webApiUrl('contoso-test'), label: 'Contoso (Test)' },
    named: () => sb.state.dataverse.flows.filter((f) => f.org === 'contoso-test' && f.name === name),
  };
}

const STATE_PATCH = { service: 'dataverse' as const, method: 'PATCH', path: '^/workflows\\([^)]+\\)$' };
const isWrite = (r: { method: string; path: string }) => (r.method === 'PATCH' && /^\/workflows\([^)]+\)$/.test(r.path)) || (r.method === 'POST' && r.path === '/workflows');

describe('fault matrix: turning a deployed flow on (flowState "on")', function () {
  this.timeout(30000);
  const fresh = freshSandboxPerTest();

  for (const cell of CELLS) {
    for (const plan of PLANS) {
      it(`${cell.fault}${cell.times > 1 ? ` × ${cell.times}` : ''} on the state PATCH × flow ${plan}: ${plan}d, ${cell.on ? 'on' : 'left off'}`, async () => {
        const { sb, c } = fresh;
        const s = scenario(plan, sb);
        const p = planDeployment(await gatherPlanInput({ clients: c, sources: [s.source], target: s.target, env: ENV }));
        assert.equal(p.items[0].action, plan, `precondition: the plan ${plan}s (${p.items[0].problems.join(' ')})`);
        if (plan === 'update') assert.equal(s.named()[0].statecode, 0, 'precondition: the target flow is off');
        sb.ctx.requestLog.length = 0;
        let mark = -1;
        const onProgress = (_: string, m: string) => {
          if (m !== 'turning the flow on') return;
          assert.equal(mark, -1, 'one state step');
          mark = sb.ctx.requestLog.length;
          sb.ctx.faults.add({ ...faultSpec(cell.fault, STATE_PATCH), times: cell.times });
        };
        const item = (await executePlan(p, { clients: c, target: s.target, flowState: 'on', onProgress, verifyDelaysMs: VERIFY_DELAYS_MS })).items[0];

        assert.equal(item.outcome, `${plan}d`, item.message);
        assert.ok(mark >= 0, 'the state step ran');
        // The definition was written once, before the state step; nothing was written again after it.
        const before = sb.ctx.requestLog.slice(0, mark).filter(isWrite);
        const after = sb.ctx.requestLog.slice(mark).filter(isWrite);
        assert.deepEqual(before.map((r) => `${r.method} ${r.status}`), [plan === 'update' ? 'PATCH 204' : 'POST 204'], 'the definition write');
        assert.ok(after.every((r) => r.method === 'PATCH'), `no POST after the definition write: ${JSON.stringify(after)}`);
        assert.deepEqual(after.map((r) => r.status), cell.statePatches, 'the state PATCH and its retries');

        const flows = s.named();
        assert.equal(flows.length, 1, 'one flow of that name in the target');
        assert.equal(flows[0].workflowid, item.targetId);
        assert.ok(definitionsEqual('flow', decodeClientData(flows[0].clientdata).files, p.items[0].files), 'the flow holds the planned definition');
        assert.equal(flows[0].statecode, cell.on ? 1 : 0, cell.on ? 'the flow is on' : 'the flow was left off');
        if (cell.message) assertActionable(item.message, cell.message);
        else assert.equal(item.message, undefined, 'not reported as a problem');
        if (plan === 'update') assert.equal(item.backup?.statecode, 0, 'the backup keeps the state it had');
      });
    }
  }
});
