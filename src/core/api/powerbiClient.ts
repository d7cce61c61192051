// Power BI REST (api-contracts §A). Quirks kept: dataflow ids are `objectId`; refresh answers 200
// with no body; transaction ids hold `@` and `$` and the cancel path has no dataflow id; imports
// are hand-built multipart with datasetDisplayName=model.json.
import { randomBytes } from 'node:crypto';
import { HttpClient, encodeSegment as e, pagePowerBi, OperationError, abortableSleep, type HttpResponse } from '../http';
import type { EnhancedRefreshBody, NameConflict, Opts, PbiDataflow, PbiDataset, PbiDatasetRefresh, PbiDatasource, PbiGroup, PbiImport, PbiRefreshDetail, PbiSchedule, PbiTransaction, PbiUpstream } from './types';

export class PowerBiClient {
  constructor(private readonly http: HttpClient, readonly root: string) {}

  private url(path: string): string { return this.root.replace(/\/+$/, '') + path; }
  private async get<T>(path: string, o: Opts = {}): Promise<T> { return this.http.getJson<T>(this.url(path), 'powerbi', o); }
  private async send(method: 'POST' | 'PATCH' | 'DELETE', path: string, json: unknown, o: Opts = {}, idempotent?: boolean): Promise<HttpResponse> {
    return this.http.request({ method, url: this.url(path), service: 'powerbi', json, signal: o.signal, idempotent });
  }

  listGroups(o: Opts & { filter?: string; top?: number } = {}): AsyncGenerator<PbiGroup[]> {
    const q = o.filter ? `?$filter=${encodeURIComponent(o.filter)}` : '';
    return pagePowerBi<PbiGroup>(this.http, this.url(`/groups${q}`), { pageSize: o.top ?? 1000, signal: o.signal });
  }
  getGroup(id: string, o?: Opts) { return this.get<PbiGroup>(`/groups/${e(id)}`, o); }

  async listDataflows(groupId: string, o?: Opts): Promise<PbiDataflow[]> {
    return (await this.get<{ value: PbiDataflow[] }>(`/groups/${e(groupId)}/dataflows`, o)).value ?? [];
  }
  /** The model.json exactly as the service sent it (never re-serialised). */
  async exportDataflow(groupId: string, dataflowId: string, o: Opts = {}): Promise<string> {
    const r = await this.http.request({ method: 'GET', url: this.url(`/groups/${e(groupId)}/dataflows/${e(dataflowId)}`), service: 'powerbi', signal: o.signal });
    return r.text();
  }
  async updateDataflow(groupId: string, dataflowId: string, patch: { name?: string; description?: string; allowNativeQueries?: boolean }, o?: Opts) {
    await this.send('PATCH', `/groups/${e(groupId)}/dataflows/${e(dataflowId)}`, patch, o, true);
  }
  async deleteDataflow(groupId: string, dataflowId: string, o?: Opts) { await this.send('DELETE', `/groups/${e(groupId)}/dataflows/${e(dataflowId)}`, undefined, o); }

  /** Post Import in Group with a hand-built multipart body; returns the import id. Never retried blindly. */
  async importDataflow(groupId: string, modelJson: string, nameConflict: NameConflict, o: Opts = {}): Promise<string> {
    const boundary = `----dfw${randomBytes(12).toString('hex')}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="model.json"\r\nContent-Type: application/json\r\n\r\n`),
      Buffer.from(modelJson, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await this.http.request({
      method: 'POST', service: 'powerbi', signal: o.signal, idempotent: false, body,
      url: this.url(`/groups/${e(groupId)}/imports?datasetDisplayName=model.json&nameConflict=${nameConflict}`),
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    return (r.json<{ id: string }>()!).id;
  }
  getImport(groupId: string, importId: string, o?: Opts) { return this.get<PbiImport>(`/groups/${e(groupId)}/imports/${e(importId)}`, o); }

  /** Polls an import until Succeeded; Failed throws OperationError with the service's code and details. */
  async waitForImport(groupId: string, importId: string, o: Opts & { pollMs?: number; timeoutMs?: number; onProgress?: (state: string) => void } = {}): Promise<PbiImport> {
    const deadline = Date.now() + (o.timeoutMs ?? 10 * 60_000);
    let wait = o.pollMs ?? 500;
    for (;;) {
      const imp = await this.getImport(groupId, importId, o);
      o.onProgress?.(imp.importState ?? 'Publishing');
      if (imp.importState === 'Succeeded') return imp;
      if (imp.importState === 'Failed') {
        const details = typeof imp.error?.details === 'string' ? imp.error.details : JSON.stringify(imp.error?.details ?? '');
        throw new OperationError(`The import failed${imp.error?.code ? ` (${imp.error.code})` : ''}: ${details || 'no details from the service'}`, imp.error?.code, false, imp.error);
      }
      if (Date.now() + wait > deadline) throw new OperationError('The import is still publishing; it may finish later. Check the workspace before retrying.', 'Timeout', true);
      await abortableSleep(wait, o.signal);
      wait = Math.min(wait * 1.5, 5000);
    }
  }

  async refreshDataflow(groupId: string, dataflowId: string, notifyOption: 'MailOnFailure' | 'NoNotification', o: Opts & { processType?: string } = {}) {
    const q = o.processType ? `?processType=${encodeURIComponent(o.processType)}` : '';
    await this.send('POST', `/groups/${e(groupId)}/dataflows/${e(dataflowId)}/refreshes${q}`, { notifyOption }, o);
  }
  async listTransactions(groupId: string, dataflowId: string, o?: Opts): Promise<PbiTransaction[]> {
    return (await this.get<{ value: PbiTransaction[] }>(`/groups/${e(groupId)}/dataflows/${e(dataflowId)}/transactions`, o)).value ?? [];
  }
  async cancelTransaction(groupId: string, transactionId: string, o?: Opts): Promise<{ transactionId: string; status: string }> {
    const r = await this.send('POST', `/groups/${e(groupId)}/dataflows/transactions/${e(transactionId)}/cancel`, undefined, o);
    return r.json<{ transactionId: string; status: string }>() ?? { transactionId, status: 'unknown' };
  }
  async listDatasources(groupId: string, dataflowId: string, o?: Opts): Promise<PbiDatasource[]> {
    return (await this.get<{ value: PbiDatasource[] }>(`/groups/${e(groupId)}/dataflows/${e(dataflowId)}/datasources`, o)).value ?? [];
  }
  async listUpstreamDataflows(groupId: string, dataflowId: string, o?: Opts): Promise<PbiUpstream[]> {
    return (await this.get<{ value: PbiUpstream[] }>(`/groups/${e(groupId)}/dataflows/${e(dataflowId)}/upstreamDataflows`, o)).value ?? [];
  }
  /** Not in the swagger (the sandbox offers it); real tenants may answer 404. */
  getDataflowSchedule(groupId: string, dataflowId: string, o?: Opts) { return this.get<PbiSchedule>(`/groups/${e(groupId)}/dataflows/${e(dataflowId)}/refreshSchedule`, o); }
  async updateDataflowSchedule(groupId: string, dataflowId: string, value: PbiSchedule, o?: Opts) {
    await this.send('PATCH', `/groups/${e(groupId)}/dataflows/${e(dataflowId)}/refreshSchedule`, { value }, o, true);
  }

  async listDatasets(groupId: string, o?: Opts): Promise<PbiDataset[]> {
    return (await this.get<{ value: PbiDataset[] }>(`/groups/${e(groupId)}/datasets`, o)).value ?? [];
  }
  /** Standard refresh with no body (or notifyOption), enhanced with any enhanced field. */
  async refreshDataset(groupId: string, datasetId: string, body?: EnhancedRefreshBody | { notifyOption: string }, o?: Opts): Promise<{ requestId?: string; location?: string; enhanced: boolean }> {
    const r = await this.send('POST', `/groups/${e(groupId)}/datasets/${e(datasetId)}/refreshes`, body ?? {}, o);
    const location = r.headers.location;
    const requestId = r.headers['x-ms-request-id'] ?? location?.split('/').pop();
    return { requestId, location, enhanced: !!location };
  }
  async listDatasetRefreshes(groupId: string, datasetId: string, o: Opts & { top?: number } = {}): Promise<PbiDatasetRefresh[]> {
    return (await this.get<{ value: PbiDatasetRefresh[] }>(`/groups/${e(groupId)}/datasets/${e(datasetId)}/refreshes${o.top ? `?$top=${o.top}` : ''}`, o)).value ?? [];
  }
  /** 202 while running, 200 when finished (enhanced refreshes only). */
  async getDatasetRefreshDetail(groupId: string, datasetId: string, requestId: string, o: Opts = {}): Promise<{ inProgress: boolean; detail: PbiRefreshDetail }> {
    const r = await this.http.request({ method: 'GET', url: this.url(`/groups/${e(groupId)}/datasets/${e(datasetId)}/refreshes/${e(requestId)}`), service: 'powerbi', signal: o.signal });
    return { inProgress: r.status === 202, detail: r.json<PbiRefreshDetail>() ?? {} };
  }
  async cancelDatasetRefresh(groupId: string, datasetId: string, requestId: string, o?: Opts) {
    await this.send('DELETE', `/groups/${e(groupId)}/datasets/${e(datasetId)}/refreshes/${e(requestId)}`, undefined, o);
  }
  getDatasetSchedule(groupId: string, datasetId: string, o?: Opts) { return this.get<PbiSchedule>(`/groups/${e(groupId)}/datasets/${e(datasetId)}/refreshSchedule`, o); }
  async updateDatasetSchedule(groupId: string, datasetId: string, value: PbiSchedule, o?: Opts) {
    await this.send('PATCH', `/groups/${e(groupId)}/datasets/${e(datasetId)}/refreshSchedule`, { value }, o, true);
  }
}
