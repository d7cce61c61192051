// What the file system knows about each opened item: its decoded files, the remote version they
// came from (for conflict detection), its display name and modified time, and the raw remote form
// (for backups and for re-encoding with unchanged bytes kept).
import type { ServiceClients } from '../api';
import { decodeClientData, decodeParts, splitModelJson } from '../deploy/itemIO';
import type { ItemAddress } from './definitionPaths';
import { definitionHash, partPermission, serviceTime, stableMtime, type PartPermission, type RemoteVersion } from './saveDecision';

export interface ItemSession {
  address: ItemAddress;
  /** "dataflow", a Fabric item type, or "flow". */
  kind: string;
  /** The item's display name on the service. */
  name: string;
  files: Map<string, Uint8Array>;
  /** Parts that are not UTF-8 text. */
  binaryParts: Set<string>;
  /** The remote version the files came from. */
  version: RemoteVersion;
  mtime: number;
  ctime: number;
  /** The remote definition as the service holds it: model.json text, Fabric definition JSON, or clientdata. */
  raw: string;
  format?: string;
  statecode?: number;
}

const utf8 = (files: Record<string, string>) => new Map(Object.entries(files).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'utf8'))]));

/** Reads an item from its service. `previous` (the session it replaces) keeps Fabric mtimes stable. */
export async function loadSession(c: ServiceClients, a: ItemAddress, signal?: AbortSignal, previous?: ItemSession): Promise<ItemSession> {
  const readAt = Date.now();
  const prev = previous ? { hash: previous.version.hash, mtime: previous.mtime } : undefined;
  if (a.service === 'powerbi') {
    const raw = await c.powerbi.exportDataflow(a.workspaceId, a.itemId, { signal });
    const doc = JSON.parse(raw.replace(/^\uFEFF/, '')) as { name?: string; modifiedTime?: string };
    const { files } = splitModelJson(raw);
    const modified = serviceTime(doc.modifiedTime);
    const hash = definitionHash('dataflow', files);
    const mtime = stableMtime(modified, hash, readAt, prev);
    return { address: a, kind: 'dataflow', name: doc.name ?? a.itemId, files: utf8(files), binaryParts: new Set(), version: { hash, modified }, mtime, ctime: mtime, raw };
  }
  if (a.service === 'fabric') {
    const [item, def] = await Promise.all([c.fabric.getItem(a.workspaceId, a.itemId, { signal }), c.fabric.getDefinition(a.workspaceId, a.itemId, { signal })]);
    const d = decodeParts(def);
    const files = utf8(d.files);
    for (const [k, b64] of Object.entries(d.binary ?? {})) files.set(k, new Uint8Array(Buffer.from(b64, 'base64')));
    const modified = serviceTime(item.lastModified ?? item.modifiedDateTime);
    const hash = definitionHash(item.type, { ...d.files, ...d.binary });
    const mtime = stableMtime(modified, hash, readAt, prev);
    return { address: a, kind: item.type, name: item.displayName, files, binaryParts: new Set(Object.keys(d.binary ?? {})), version: { hash, modified }, mtime, ctime: mtime, raw: JSON.stringify(def), format: def.format };
  }
  const f = await c.dataverse(a.webApiUrl).getFlow(a.itemId, { signal });
  const raw = f.clientdata ?? '';
  const { files } = decodeClientData(raw || '{}');
  const modified = serviceTime(f.modifiedon);
  const hash = definitionHash('flow', files);
  const mtime = stableMtime(modified, hash, readAt, prev);
  return { address: a, kind: 'flow', name: f.name, files: utf8(files), binaryParts: new Set(), version: { hash, modified, etag: f['@odata.etag'] },
    mtime, ctime: serviceTime(f.createdon) ?? mtime, raw, statecode: f.statecode };
}

export function permissionOf(s: ItemSession, part: string): PartPermission {
  return partPermission(s.address.service, s.kind, part, !s.binaryParts.has(part));
}

/** Files as text (binary parts as base64 under their path), for pushing and comparing. */
export function textFiles(s: ItemSession, replace?: { part: string; content: Uint8Array }): { files: Record<string, string>; binary: Record<string, string> } {
  const files: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const [k, v] of s.files) {
    if (s.binaryParts.has(k)) binary[k] = Buffer.from(v).toString('base64');
    else files[k] = Buffer.from(replace && replace.part === k ? replace.content : v).toString('utf8');
  }
  if (replace && !s.files.has(replace.part)) files[replace.part] = Buffer.from(replace.content).toString('utf8');
  return { files, binary };
}
