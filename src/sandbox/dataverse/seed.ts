// Dataverse seed: two environments (contoso-dev, contoso-test) with cloud flows built from real
// public samples (some on, some off, one with a non-ASCII name), solutions, connection references
// (the Test ones under other logical names, as after a solution import) and run history with
// failures, a cancellation and one run still going. Deterministic for a seed via ctx.newGuid().
import type { SandboxState } from '../state';
import type { SeedContext } from '../seed/context';
import { FLOW_SAMPLES as F, type SampleFlow } from '../seed/dataverseFlows';
import type { DataverseState, DvFlow, DvRun } from './state';

const BASE = Date.parse('2025-11-20T08:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const OWNER = '00000000-0000-0000-0000-00000000cafe';

export function seedDataverse(state: SandboxState, ctx: SeedContext): void {
  const s: DataverseState = state.dataverse;
  s.connectionReferences ??= [];
  for (const [name, friendly] of [['contoso-dev', 'Contoso (Dev)'], ['contoso-test', 'Contoso (Test)']] as const) {
    if (!s.orgs.some((o) => o.name === name)) s.orgs.push({ name, id: ctx.newGuid(), friendly, region: 'EUR' });
  }
  let version = 841_727;
  const flow = (org: string, sample: SampleFlow, on: boolean, extra: Partial<DvFlow> = {}): DvFlow => {
    const i = s.flows.length;
    const f: DvFlow = {
      org, workflowid: ctx.newGuid(), name: sample.name, description: '', category: 5, type: 1, statecode: on ? 1 : 0, statuscode: on ? 2 : 1,
      clientdata: sample.clientdata.replace(/^\uFEFF/, ''), createdon: iso(BASE - (40 - i) * DAY), modifiedon: iso(BASE - (12 - i) * DAY + i * 3_600_000),
      version: version++, ownerid: OWNER, workflowidunique: ctx.newGuid(), primaryentity: 'none', ismanaged: false, ...extra,
    };
    s.flows.push(f);
    return f;
  };
  const dev = [
    flow('contoso-dev', F.saemple, true, { description: 'ALM Accelerator sample: sends a Norwegian e-mail' }),
    flow('contoso-dev', F.notifyRejected, false),
    flow('contoso-dev', F.scheduledSync, true, { description: 'Runs the CoE Core sync child flow every day' }),
    flow('contoso-dev', F.fetchReleases, false),
    flow('contoso-dev', F.copyApproval, true),
    flow('contoso-dev', F.hideFolders, false),
    flow('contoso-dev', F.dataflowComplete, true, { description: 'Reacts when a maker dataflow refresh completes' }),
  ];
  const test = [
    flow('contoso-test', F.notifyRejected, true),
    flow('contoso-test', F.copyApproval, false, { clientdata: F.copyApproval.clientdata.replace(/^\uFEFF/, '').replace('"ListRecords"', '"ListRecordsWithOrganization"') }),
  ];

  const run = (f: DvFlow, hoursAgo: number, seconds: number, status: 'Succeeded' | 'Failed' | 'Cancelled', trigger: string, error?: [string, string]): void => {
    const start = BASE - hoursAgo * 3_600_000;
    s.runs.push({ org: f.org, flowrunid: ctx.newGuid(), name: runName(start, s.runs.length), workflowid: f.workflowid, status, starttime: iso(start),
      endtime: iso(start + seconds * 1000), duration: seconds, triggertype: trigger, errorcode: error?.[0] ?? null, errormessage: error?.[1] ?? null });
  };
  const mailbox: [string, string] = ['ActionFailed', 'An action failed. No dependent actions succeeded. (Send_an_email_(V2): The mailbox was not found. Check the recipient address.)'];
  for (let i = 0; i < 7; i++) run(dev[i % 4], i + 1, 42, i % 3 === 2 ? 'Failed' : 'Succeeded', i % 2 ? 'Scheduled' : 'Manual', i % 3 === 2 ? mailbox : undefined);
  run(dev[2], 30, 8, 'Failed', 'Scheduled', ['ChildFlowUnsupportedForInvokerConnection', 'The workflow with id \'…\' cannot be used as a child workflow because child workflows only support embedded connections.']);
  run(dev[4], 5, 3, 'Cancelled', 'Manual');
  run(dev[6], 3, 95, 'Succeeded', 'Automated');
  run(test[0], 20, 12, 'Succeeded', 'Automated');
  // One run still going: it started shortly before the sandbox was seeded and ends lazily.
  const now = ctx.clock.now();
  const running: DvRun = { org: 'contoso-dev', flowrunid: ctx.newGuid(), name: runName(now, s.runs.length), workflowid: dev[6].workflowid, status: 'Running',
    starttime: iso(now - 60_000), endtime: null, duration: null, triggertype: 'Automated', errorcode: null, errormessage: null, plannedEnd: iso(now + 10 * 60_000), plannedStatus: 'Succeeded' };
  s.runs.push(running);

  for (const f of dev) {
    const refs = (JSON.parse(f.clientdata).properties?.connectionReferences ?? {}) as Record<string, { connection?: { connectionReferenceLogicalName?: string }; api?: { name?: string } }>;
    for (const [key, r] of Object.entries(refs)) {
      const logical = r.connection?.connectionReferenceLogicalName;
      if (!logical || s.connectionReferences.some((c) => c.org === 'contoso-dev' && c.connectionreferencelogicalname === logical)) continue;
      // Display names are what deploys map by, so two references never share one.
      const plain = `${key.replace(/^shared_/, '').replace(/_\d+$/, '')} connection`;
      const display = s.connectionReferences.some((c) => c.org === 'contoso-dev' && c.connectionreferencedisplayname === plain) ? `${plain} (${logical.replace(/^[a-z]+_/, '')})` : plain;
      const testName = `${logical.split('_')[0]}_test_${logical.split('_').slice(1).join('_')}`;
      for (const [org, name] of [['contoso-dev', logical], ['contoso-test', testName]] as const) {
        s.connectionReferences.push({ org, connectionreferenceid: ctx.newGuid(), connectionreferencelogicalname: name, connectionreferencedisplayname: display,
          connectorid: `/providers/Microsoft.PowerApps/apis/${r.api?.name ?? key}` });
      }
    }
  }

  const solution = (org: string, uniquename: string, friendlyname: string, v: string, flowIds: string[], isvisible = true) =>
    s.solutions.push({ org, solutionid: ctx.newGuid(), uniquename, friendlyname, version: v, ismanaged: false, isvisible, flowIds });
  solution('contoso-dev', 'SalesAutomation', 'Sales Automation', '1.0.0.3', [dev[0].workflowid, dev[1].workflowid]);
  solution('contoso-dev', 'CoEHelpers', 'CoE Helpers', '2.1.0.0', [dev[2].workflowid, dev[3].workflowid, dev[6].workflowid]);
  solution('contoso-dev', 'Active', 'Active Solution', '1.0', dev.map((f) => f.workflowid), false);
  solution('contoso-test', 'SalesAutomation', 'Sales Automation', '1.0.0.2', [test[0].workflowid]);
}

/** Run ids look like the service's: 0858… digits followed by CU and a cluster number. */
function runName(start: number, i: number): string {
  return `08584${String(Math.floor(start / 1000) % 1e9).padStart(9, '0')}${String(100 + i)}CU${String(10 + (i % 20))}`;
}
