// Dataverse emulator for cloud flows (api-contracts §C): per-org Web API (workflows, flowruns,
// solutions, solutioncomponents, connectionreferences, WhoAmI) and Global Discovery (org
// "globaldisco", path /Instances). State is read from state.dataverse on every request.
import type { SandboxContext, SandboxRequest, SandboxResponse, ServiceEmulator } from '../types';
import type { SandboxState } from '../state';
import { odataList } from './odata';
import { dvError, dvJson, parseBody } from './responses';
import { settledRun, type DataverseState } from './state';
import { createFlow, handleFlow, listFlows } from './workflows';

export { createEmptyDataverseState, type DataverseState } from './state';

const SANDBOX_USER = '00000000-0000-0000-0000-00000000cafe';
const ENV_VERSION = '9.2.25103.00188';

function discovery(req: SandboxRequest, state: SandboxState): SandboxResponse {
  const path = req.path.replace(/\/+$/, '');
  if (req.method.toUpperCase() !== 'GET' || !/^\/Instances(\(.*\))?$/i.test(path)) return dvError(404, '0x80060888', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
  const origin = new URL(req.serviceRoot).origin;
  const dv: DataverseState = state.dataverse;
  const instances = dv.orgs.map((o) => ({
    Id: o.id, UniqueName: `unq${o.id.replace(/-/g, '').slice(0, 24)}`, UrlName: o.name, FriendlyName: o.friendly,
    Url: `${origin}/dataverse/${o.name}`, ApiUrl: `${origin}/dataverse/${o.name}`, EnvironmentId: o.id, Region: o.region ?? 'EUR', State: 0, Version: ENV_VERSION,
    LastUpdated: '2025-11-01T00:00:00Z', IsUserSysAdmin: true, OrganizationType: 0, Purpose: '', TenantId: '00000000-0000-0000-0000-0000000000aa', TrialExpirationDate: null,
  }));
  // Instances(UniqueName='…') or Instances(<id>) narrows to one environment.
  const key = /^\/Instances\((?:UniqueName=)?'?([^')]+)'?\)$/i.exec(path)?.[1]?.toLowerCase();
  const value = key ? instances.filter((i) => [i.Id, i.UniqueName.toLowerCase(), i.UrlName].includes(key)) : instances;
  return dvJson({ '@odata.context': `${req.serviceRoot}/$metadata#Instances`, value });
}

export function createDataverseEmulator(state: SandboxState): ServiceEmulator {
  function handle(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
    if (req.org === 'globaldisco') return discovery(req, state);
    const s: DataverseState = state.dataverse;
    const org = s.orgs.find((o) => o.name.toLowerCase() === (req.org ?? '').toLowerCase());
    if (!org) return dvError(404, '0x80040217', `The environment ${req.org ?? ''} does not exist in the sandbox (known: ${s.orgs.map((o) => o.name).join(', ')}).`);
    const path = decodeURIComponent(req.rawPath || req.path).replace(/\/+$/, '');
    const m = req.method.toUpperCase();
    if (/^\/WhoAmI(\(\))?$/i.test(path) && m === 'GET') {
      return dvJson({ '@odata.context': `${req.serviceRoot}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: org.id, UserId: SANDBOX_USER, OrganizationId: org.id });
    }
    if (path === '/workflows') {
      if (m === 'GET') return listFlows(req, s, org);
      if (m === 'POST') {
        const b = parseBody(req.body);
        return b.ok ? createFlow(req, ctx, s, org, b.value) : dvError(400, '0x80040203', b.message);
      }
      return dvError(405, '0x80060888', `The HTTP method ${m} is not allowed on workflows.`);
    }
    const one = /^\/workflows\(([^)]+)\)$/.exec(path);
    if (one) return handleFlow(req, ctx, s, org, one[1].replace(/^'|'$/g, ''));
    if (m !== 'GET') return dvError(405, '0x80060888', `The HTTP method ${m} is not allowed here.`);
    const now = ctx.clock.now();
    switch (path) {
      case '/flowruns': {
        const names = new Map(s.flows.filter((f) => f.org === org.name).map((f) => [f.workflowid, f.name]));
        const rows = s.runs.filter((r) => r.org === org.name).map((r) => settledRun(r, now)).map((r) => ({
          flowrunid: r.flowrunid, name: r.name, status: r.status, starttime: r.starttime, endtime: r.endtime, duration: r.duration, triggertype: r.triggertype,
          errorcode: r.errorcode, errormessage: r.errormessage, workflowid: r.workflowid, _workflow_value: r.workflowid, workflowname: names.get(r.workflowid) ?? null,
          isprimary: true, parentrunid: null, ttlinseconds: 2_419_200,
        }));
        return odataList(req, rows, { entitySet: 'flowruns' });
      }
      case '/solutions':
        return odataList(req, s.solutions.filter((x) => x.org === org.name).map((x) => ({
          solutionid: x.solutionid, uniquename: x.uniquename, friendlyname: x.friendlyname, version: x.version, ismanaged: x.ismanaged, isvisible: x.isvisible ?? true,
        })), { entitySet: 'solutions' });
      case '/solutioncomponents':
        return odataList(req, s.solutions.filter((x) => x.org === org.name).flatMap((sol) => sol.flowIds.map((id) => ({
          solutioncomponentid: `${sol.solutionid.slice(0, 24)}${id.slice(24)}`, objectid: id, componenttype: 29, _solutionid_value: sol.solutionid, rootcomponentbehavior: 0,
        }))), { entitySet: 'solutioncomponents' });
      case '/connectionreferences':
        return odataList(req, (s.connectionReferences ?? []).filter((x) => x.org === org.name).map(({ org: _o, ...x }) => ({ ...x, statecode: 0 })), { entitySet: 'connectionreferences' });
      default:
        return dvError(404, '0x80060888', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
    }
  }

  return {
    service: 'dataverse',
    handle,
    error: (status, code, message) => dvError(status, code, message),
  };
}
