// Fabric REST (api-contracts §B): continuation paging, long-running getDefinition /
// updateDefinition / create, and the job scheduler (Location under /items/, Retry-After).
import { HttpClient, encodeSegment as e, pageFabric, runFabricLro, type LroOptions } from '../http';
import type { FabricDefinition, FabricFolder, FabricItem, FabricWorkspace, JobInstance, Opts } from './types';

export class FabricClient {
  constructor(private readonly http: HttpClient, readonly root: string) {}

  private url(path: string): string { return this.root.replace(/\/+$/, '') + path; }
  private ws(id: string): string { return `/workspaces/${e(id)}`; }

  listWorkspaces(o: Opts = {}): AsyncGenerator<FabricWorkspace[]> {
    return pageFabric<FabricWorkspace>(this.http, this.url('/workspaces'), o);
  }
  getWorkspace(id: string, o?: Opts) { return this.http.getJson<FabricWorkspace>(this.url(this.ws(id)), 'fabric', o); }

  listItems(workspaceId: string, o: Opts & { type?: string } = {}): AsyncGenerator<FabricItem[]> {
    return pageFabric<FabricItem>(this.http, this.url(`${this.ws(workspaceId)}/items${o.type ? `?type=${encodeURIComponent(o.type)}` : ''}`), o);
  }
  async listFolders(workspaceId: string, o: Opts = {}): Promise<FabricFolder[]> {
    const out: FabricFolder[] = [];
    for await (const page of pageFabric<FabricFolder>(this.http, this.url(`${this.ws(workspaceId)}/folders`), o)) out.push(...page);
    return out;
  }
  getItem(workspaceId: string, itemId: string, o?: Opts) { return this.http.getJson<FabricItem>(this.url(`${this.ws(workspaceId)}/items/${e(itemId)}`), 'fabric', o); }

  /** Creates an item (201, or 202 followed to its result). Not retried after the service accepted it. */
  async createItem(workspaceId: string, body: { displayName: string; type: string; description?: string; folderId?: string; definition?: FabricDefinition }, o: LroOptions = {}): Promise<FabricItem> {
    const first = await this.http.request({ method: 'POST', url: this.url(`${this.ws(workspaceId)}/items`), service: 'fabric', json: body, signal: o.signal, idempotent: false });
    const item = await runFabricLro<FabricItem>(this.http, first, o);
    if (item) return item;
    // Some creates finish without a result body: find the new item by name and type.
    for await (const page of this.listItems(workspaceId, { type: body.type, signal: o.signal })) {
      const hit = page.find((i) => i.displayName === body.displayName);
      if (hit) return hit;
    }
    throw new Error(`Fabric accepted the creation of "${body.displayName}" but it cannot be found yet; reload the workspace in a moment.`);
  }
  async updateItem(workspaceId: string, itemId: string, patch: { displayName?: string; description?: string }, o?: Opts): Promise<FabricItem> {
    const r = await this.http.request({ method: 'PATCH', url: this.url(`${this.ws(workspaceId)}/items/${e(itemId)}`), service: 'fabric', json: patch, signal: o?.signal, idempotent: true });
    return r.json<FabricItem>()!;
  }
  async deleteItem(workspaceId: string, itemId: string, o?: Opts) {
    await this.http.request({ method: 'DELETE', url: this.url(`${this.ws(workspaceId)}/items/${e(itemId)}`), service: 'fabric', signal: o?.signal });
  }

  async getDefinition(workspaceId: string, itemId: string, o: LroOptions & { format?: string } = {}): Promise<FabricDefinition> {
    const q = o.format ? `?format=${encodeURIComponent(o.format)}` : '';
    const first = await this.http.request({ method: 'POST', url: this.url(`${this.ws(workspaceId)}/items/${e(itemId)}/getDefinition${q}`), service: 'fabric', signal: o.signal, idempotent: true });
    const r = await runFabricLro<{ definition: FabricDefinition }>(this.http, first, o);
    if (!r?.definition) throw new Error('Fabric returned no definition for this item.');
    return r.definition;
  }
  /** Replaces the definition; with updateMetadata, .platform's displayName/description apply too. */
  async updateDefinition(workspaceId: string, itemId: string, definition: FabricDefinition, o: LroOptions & { updateMetadata?: boolean } = {}): Promise<void> {
    const q = o.updateMetadata ? '?updateMetadata=true' : '';
    const first = await this.http.request({ method: 'POST', url: this.url(`${this.ws(workspaceId)}/items/${e(itemId)}/updateDefinition${q}`), service: 'fabric', json: { definition }, signal: o.signal, idempotent: true });
    await runFabricLro(this.http, first, o);
  }

  /** Runs a job; the instance id is the last segment of Location. */
  async runJob(workspaceId: string, itemId: string, jobType: string, body?: unknown, o: Opts = {}): Promise<{ instanceId: string; location: string; retryAfterSec?: number }> {
    const r = await this.http.request({ method: 'POST', url: this.url(`${this.ws(workspaceId)}/items/${e(itemId)}/jobs/instances?jobType=${encodeURIComponent(jobType)}`), service: 'fabric', json: body, signal: o.signal, idempotent: false });
    const location = r.headers.location ?? '';
    const instanceId = decodeURIComponent(location.split('?')[0].split('/').pop() ?? '');
    if (!instanceId) throw new Error('Fabric accepted the job but returned no Location to follow.');
    const ra = Number(r.headers['retry-after']);
    return { instanceId, location, retryAfterSec: Number.isFinite(ra) ? ra : undefined };
  }
  getJobInstance(workspaceId: string, itemId: string, instanceId: string, o?: Opts) {
    return this.http.getJson<JobInstance>(this.url(`${this.ws(workspaceId)}/items/${e(itemId)}/jobs/instances/${e(instanceId)}`), 'fabric', o);
  }
  listJobInstances(workspaceId: string, itemId: string, o: Opts = {}): AsyncGenerator<JobInstance[]> {
    return pageFabric<JobInstance>(this.http, this.url(`${this.ws(workspaceId)}/items/${e(itemId)}/jobs/instances`), o);
  }
  async cancelJob(workspaceId: string, itemId: string, instanceId: string, o?: Opts) {
    await this.http.request({ method: 'POST', url: this.url(`${this.ws(workspaceId)}/items/${e(itemId)}/jobs/instances/${e(instanceId)}/cancel`), service: 'fabric', signal: o?.signal, idempotent: true });
  }
}
