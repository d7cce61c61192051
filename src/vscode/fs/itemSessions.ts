// What the file system knows about each opened item: its decoded files, the version it was read
// at (for conflict detection), its modified time, and the raw remote form (for backups).
import { createHash } from 'node:crypto';
import type { ServiceClients } from '../../core/api';
import { addressKey, type ItemAddress } from '../../core/vfs/definitionPaths';
import { decodeParts, readDataflow, readFabricItem, readFlow, splitModelJson } from '../../core/deploy/itemIO';
import { normalizeFile } from '../../core/deploy/normalize';

export interface ItemSession {
  address: ItemAddress;
  /** "dataflow", a Fabric item type, or "flow". */
  kind: string;
  files: Map<string, Uint8Array>;
  /** Identifies the remote version the files came from. */
  version: string;
  mtime: number;
  ctime: number;
  /** The remote definition as the service holds it: model.json text, Fabric definition JSON, or clientdata. */
  raw: string;
  format?: string;
  etag?: string;
  statecode?: number;
}

export function versionOf(kind: string, files: Record<string, string>, etag?: string): string {
  if (etag) return etag;
  const h = createHash('sha256');
  for (const k of Object.keys(files).sort()) h.update(k).update('\0').update(normalizeFile(kind, k, files[k])).update('\0');
  return h.digest('hex').slice(0, 24);
}

const utf8 = (files: Record<string, string>) => new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v, 'utf8') as Uint8Array]));

export async function loadSession(c: ServiceClients, a: ItemAddress, signal?: AbortSignal): Promise<ItemSession> {
  const now = Date.now();
  if (a.service === 'powerbi') {
    const d = await readDataflow(c, a.workspaceId, a.itemId, signal);
    const modified = Date.parse(JSON.parse(d.raw.replace(/^\uFEFF/, '')).modifiedTime ?? '') || now;
    return { address: a, kind: 'dataflow', files: utf8(d.files), version: versionOf('dataflow', d.files), mtime: modified, ctime: modified, raw: d.raw };
  }
  if (a.service === 'fabric') {
    const [item, d] = await Promise.all([c.fabric.getItem(a.workspaceId, a.itemId, { signal }), readFabricItem(c, a.workspaceId, a.itemId, signal)]);
    const files = utf8(d.files);
    for (const [k, b64] of Object.entries(d.binary ?? {})) files.set(k, Buffer.from(b64, 'base64'));
    const modified = Date.parse(String(item.lastModified ?? item.modifiedDateTime ?? '')) || now;
    return { address: a, kind: item.type, files, version: versionOf(item.type, { ...d.files, ...d.binary }), mtime: modified, ctime: modified,
      raw: JSON.stringify({ ...(d.format ? { format: d.format } : {}), parts: [...Object.entries(d.files).map(([path, t]) => ({ path, payload: Buffer.from(t, 'utf8').toString('base64'), payloadType: 'InlineBase64' })), ...Object.entries(d.binary ?? {}).map(([path, payload]) => ({ path, payload, payloadType: 'InlineBase64' }))] }),
      format: d.format };
  }
  const f = await c.dataverse(a.webApiUrl).getFlow(a.itemId, { signal });
  const d = await readFlow(c, a.webApiUrl, a.itemId, signal);
  const modified = Date.parse(f.modifiedon ?? '') || now;
  return { address: a, kind: 'flow', files: utf8(d.files), version: versionOf('flow', d.files, d.etag), mtime: modified, ctime: Date.parse(f.createdon ?? '') || modified, raw: d.raw, etag: d.etag, statecode: d.statecode };
}

/** Files as text (binary parts as base64 under their path), for pushing and comparing. */
export function textFiles(s: ItemSession, replace?: { part: string; content: Uint8Array }): { files: Record<string, string>; binary: Record<string, string> } {
  const files: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const [k, v] of s.files) {
    const bytes = replace && replace.part === k ? replace.content : v;
    const text = Buffer.from(bytes).toString('utf8');
    if (Buffer.from(text, 'utf8').equals(Buffer.from(bytes))) files[k] = text;
    else binary[k] = Buffer.from(bytes).toString('base64');
  }
  if (replace && !s.files.has(replace.part)) files[replace.part] = Buffer.from(replace.content).toString('utf8');
  return { files, binary };
}

export const sessionKey = addressKey;
export { decodeParts, splitModelJson };
