// Dataverse Web API for cloud flows (api-contracts §C): workflows (category 5) with etags and
// If-Match, clientdata as a JSON string, flowruns, solutions, WhoAmI, and Global Discovery.
import { ApiError, HttpClient, encodeSegment as e, odataGuid, odataString, pageOData } from '../http';
import type { ConnectionReference, DataverseEnvironment, Flow, FlowRun, Opts, Solution } from './types';

const ODATA = { 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', Accept: 'application/json', 'If-None-Match': 'null' };
const FLOW_FIELDS = 'workflowid,name,description,category,statecode,statuscode,modifiedon,createdon,_ownerid_value,workflowidunique';

/** 412 from Dataverse: someone else changed the flow since it was read. */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

export class DataverseClient {
  constructor(private readonly http: HttpClient, readonly webApiUrl: string) {}

  private url(path: string): string { return this.webApiUrl.replace(/\/+$/, '') + path; }
  private get<T>(path: string, o: Opts = {}) { return this.http.getJson<T>(this.url(path), 'dataverse', { signal: o.signal, headers: ODATA }); }

  listFlows(o: Opts & { filter?: string; maxPageSize?: number; allCategories?: boolean } = {}): AsyncGenerator<Flow[]> {
    const filters = [o.allCategories ? '' : 'category eq 5', o.filter ?? ''].filter(Boolean).join(' and ');
    const q = `?$select=${FLOW_FIELDS}${filters ? `&$filter=${encodeURIComponent(filters)}` : ''}&$orderby=name`;
    return pageOData<Flow>(this.http, this.url(`/workflows${q}`), { maxPageSize: o.maxPageSize ?? 500, signal: o.signal, headers: ODATA });
  }
  /** The flow with clientdata and its etag. */
  getFlow(id: string, o?: Opts): Promise<Flow> { return this.get<Flow>(`/workflows(${e(id)})`, o); }

  async createFlow(body: { name: string; clientdata: string; description?: string; statecode?: number }, o: Opts = {}): Promise<string> {
    const r = await this.http.request({ method: 'POST', url: this.url('/workflows'), service: 'dataverse', signal: o.signal, idempotent: false,
      headers: { ...ODATA, 'Content-Type': 'application/json' }, json: { category: 5, type: 1, primaryentity: 'none', name: body.name, clientdata: body.clientdata, description: body.description } });
    const entity = r.headers['odata-entityid'] ?? '';
    const id = /\(([^)]+)\)\s*$/.exec(entity)?.[1];
    if (!id) throw new Error('Dataverse created the flow but returned no OData-EntityId.');
    return decodeURIComponent(id);
  }
  /** PATCH with If-Match (the etag read with the flow); a stale etag is a ConflictError. */
  async updateFlow(id: string, patch: Partial<Pick<Flow, 'name' | 'description' | 'clientdata' | 'statecode' | 'statuscode'>>, o: Opts & { etag?: string } = {}): Promise<void> {
    try {
      await this.http.request({ method: 'PATCH', url: this.url(`/workflows(${e(id)})`), service: 'dataverse', signal: o.signal, idempotent: true, json: patch,
        headers: { ...ODATA, 'Content-Type': 'application/json', 'If-Match': o.etag ?? '*' } });
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) throw new ConflictError('The flow changed on the service since it was read. Reload it and apply your change again.', 412, err.code, err.requestId, 'dataverse', err.request);
      throw err;
    }
  }
  setFlowState(id: string, state: 'on' | 'off', o?: Opts): Promise<void> {
    return this.updateFlow(id, state === 'on' ? { statecode: 1, statuscode: 2 } : { statecode: 0, statuscode: 1 }, o);
  }
  async deleteFlow(id: string, o?: Opts): Promise<void> {
    await this.http.request({ method: 'DELETE', url: this.url(`/workflows(${e(id)})`), service: 'dataverse', signal: o?.signal, headers: ODATA });
  }
  async listFlowRuns(workflowId: string, o: Opts & { top?: number } = {}): Promise<FlowRun[]> {
    const q = `?$select=flowrunid,name,status,starttime,endtime,duration,triggertype,errorcode,errormessage,workflowid&$filter=${encodeURIComponent(`workflowid eq ${odataString(workflowId)}`)}&$orderby=starttime desc${o.top ? `&$top=${o.top}` : ''}`;
    return (await this.get<{ value: FlowRun[] }>(`/flowruns${q}`, o)).value ?? [];
  }
  async listSolutions(o?: Opts): Promise<Solution[]> {
    return (await this.get<{ value: Solution[] }>(`/solutions?$select=solutionid,uniquename,friendlyname,version,ismanaged&$filter=${encodeURIComponent('isvisible eq true')}`, o)).value ?? [];
  }
  async listSolutionFlows(solutionId: string, o?: Opts): Promise<Flow[]> {
    const comps = (await this.get<{ value: Array<{ objectid: string }> }>(`/solutioncomponents?$select=objectid&$filter=${encodeURIComponent(`_solutionid_value eq ${odataGuid(solutionId)} and componenttype eq 29`)}`, o)).value ?? [];
    const flows = await Promise.all(comps.map((c) => this.get<Flow>(`/workflows(${e(c.objectid)})?$select=${FLOW_FIELDS}`, o).catch(() => undefined)));
    return flows.filter((f): f is Flow => !!f && (f.category === undefined || f.category === 5));
  }
  async listConnectionReferences(o?: Opts): Promise<ConnectionReference[]> {
    return (await this.get<{ value: ConnectionReference[] }>('/connectionreferences?$select=connectionreferenceid,connectionreferencelogicalname,connectionreferencedisplayname,connectorid', o)).value ?? [];
  }
  whoAmI(o?: Opts) { return this.get<{ UserId: string; BusinessUnitId: string; OrganizationId: string }>('/WhoAmI', o); }
}

export class DiscoveryClient {
  constructor(private readonly http: HttpClient, readonly url: string) {}

  /** Environments the signed-in user can reach; none when no discovery URL is configured. */
  async listEnvironments(o: Opts = {}): Promise<DataverseEnvironment[]> {
    if (!this.url) return [];
    const body = await this.http.getJson<{ value: Array<Record<string, string>> }>(this.url, 'dataverse', { signal: o.signal });
    return (body.value ?? []).map((i) => {
      const apiUrl = (i.ApiUrl ?? i.Url ?? '').replace(/\/+$/, '');
      return { id: i.Id ?? i.EnvironmentId, uniqueName: i.UniqueName, urlName: i.UrlName, friendlyName: i.FriendlyName, url: i.Url, apiUrl, webApiUrl: `${apiUrl}/api/data/v9.2` };
    });
  }
}
