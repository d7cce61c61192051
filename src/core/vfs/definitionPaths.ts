// Paths of the `dataflow:` file system. Identity is in the path, so URIs survive reloads:
//   /powerbi/<workspaceId>/<dataflowId>/mashup.pq | model.json
//   /fabric/<workspaceId>/<itemId>/<part path…>
//   /dataverse/<environment key>/<workflowId>/definition.json
// Every segment is percent-encoded, so ids with `/`, `#`, `?`, `..` stay one confined segment.
// The environment key is the Web API URL in base64url.
import type { DefinitionRef } from '../model/itemRef';

export type ItemAddress =
  | { service: 'powerbi'; workspaceId: string; itemId: string }
  | { service: 'fabric'; workspaceId: string; itemId: string }
  | { service: 'dataverse'; webApiUrl: string; itemId: string };

export interface ParsedPath {
  /** Depth: 0 root, 1 service, 2 container, 3 item folder, more = a file or folder inside the item. */
  depth: number;
  service?: 'powerbi' | 'fabric' | 'dataverse';
  item?: ItemAddress;
  /** Path of the part inside the item ('' for the item folder). */
  part: string;
}

const enc = (s: string) => encodeURIComponent(s).replace(/\./g, (m, i, str) => (str === '.' || str === '..' ? '%2E' : m));
export const envKey = (webApiUrl: string) => Buffer.from(webApiUrl, 'utf8').toString('base64url');
const envUrl = (key: string) => Buffer.from(key, 'base64url').toString('utf8');

export function itemAddress(ref: DefinitionRef): ItemAddress {
  if (ref.kind === 'flow') return { service: 'dataverse', webApiUrl: ref.webApiUrl, itemId: ref.id };
  return { service: ref.service, workspaceId: ref.workspaceId, itemId: ref.id } as ItemAddress;
}

/** Encoded path of an item folder or a part in it. Part paths keep their `/` between encoded segments. */
export function definitionPath(a: ItemAddress, part?: string): string {
  const container = a.service === 'dataverse' ? envKey(a.webApiUrl) : enc(a.workspaceId);
  const base = `/${a.service}/${container}/${enc(a.itemId)}`;
  if (!part) return base;
  const segs = part.split('/').filter((s) => s.length);
  if (segs.some((s) => s === '..' || s === '.')) throw new Error(`Part path "${part}" may not contain "." or ".." segments.`);
  return `${base}/${segs.map(enc).join('/')}`;
}

export function parseDefinitionPath(path: string): ParsedPath {
  const segs = path.split('/').filter((s) => s.length);
  let decoded: string[];
  try { decoded = segs.map((s) => decodeURIComponent(s)); } catch { throw new Error(`Not a Dataflow Workbench path: ${path}`); }
  const service = decoded[0] as ParsedPath['service'];
  if (segs.length && !['powerbi', 'fabric', 'dataverse'].includes(String(service))) throw new Error(`Unknown service in ${path}`);
  if (decoded.slice(3).some((s) => s === '..' || s === '.' || s.includes('/'))) throw new Error(`Refusing a path that leaves its item: ${path}`);
  if (segs.length < 3) return { depth: segs.length, service, part: '' };
  const item: ItemAddress = service === 'dataverse'
    ? { service, webApiUrl: envUrl(segs[1]), itemId: decoded[2] }
    : { service: service as 'powerbi' | 'fabric', workspaceId: decoded[1], itemId: decoded[2] };
  return { depth: segs.length, service, item, part: decoded.slice(3).join('/') };
}

export function addressKey(a: ItemAddress): string {
  return a.service === 'dataverse' ? `dataverse|${a.webApiUrl}|${a.itemId}` : `${a.service}|${a.workspaceId}|${a.itemId}`;
}

/** The file a definition opens on: the M for dataflows, the main part for Fabric items. */
export function mainPart(ref: DefinitionRef, parts: string[]): string {
  if (ref.kind === 'dataflow') return 'mashup.pq';
  if (ref.kind === 'flow') return 'definition.json';
  const prefer = ['mashup.pq', 'notebook-content.py', 'notebook-content.ipynb', 'definition/model.tmdl', 'model.bim', 'report.json', 'pipeline-content.json'];
  return prefer.find((p) => parts.includes(p)) ?? parts.find((p) => p !== '.platform') ?? parts[0];
}
