// Paths of the `dataflow:` file system. Identity is in the path, so URIs survive reloads:
//   /powerbi/<workspaceId>/<dataflowId>/<name>/mashup.pq | model.json
//   /fabric/<workspaceId>/<itemId>/<name>/<part path…>
//   /dataverse/<environment key>/<workflowId>/<name>/definition.json
// Id segments are percent-encoded, so ids with `/`, `#`, `?`, `..` stay one confined segment and
// decode back exactly. <name> is the item's display name, made readable rather than reversible
// (see displaySegment): VS Code's stable API (1.100) has no way to label a file system tab, but it
// shows the parent folder beside the file name when two tabs share it, and every segment in the
// breadcrumbs, so this segment is what makes "mashup.pq — Customers" readable. It is ignored for
// identity: a stale name after a rename still opens the same item.
// The environment key is the Dataverse Web API URL in base64url (RFC 4648 §5): reversible, only
// [A-Za-z0-9_-], so it needs no further encoding and cannot contain `/` or `.`.
import type { DefinitionRef } from '../model/itemRef';

export type ItemAddress =
  | { service: 'powerbi'; workspaceId: string; itemId: string }
  | { service: 'fabric'; workspaceId: string; itemId: string }
  | { service: 'dataverse'; webApiUrl: string; itemId: string };

export type DefinitionService = ItemAddress['service'];

export interface ParsedPath {
  /** 0 root, 1 service, 2 container, 3 item id folder, 4 item root (the name folder), more = inside the item. */
  depth: number;
  service?: DefinitionService;
  item?: ItemAddress;
  /** The display-name segment as it stands in the path (depth ≥ 4). */
  name?: string;
  /** Path of the part inside the item ('' for the item root and above). */
  part: string;
}

const SERVICES: readonly string[] = ['powerbi', 'fabric', 'dataverse'];
const MAX_NAME = 120;

const enc = (s: string) => (s === '.' || s === '..' ? s.replace(/\./g, '%2E') : encodeURIComponent(s));
export const envKey = (webApiUrl: string) => Buffer.from(webApiUrl, 'utf8').toString('base64url');
const envUrl = (key: string) => {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`Not an environment key: ${key}`);
  return Buffer.from(key, 'base64url').toString('utf8');
};

/**
 * A display name as one readable path segment: path separators become "-", control characters go,
 * "." and ".." become "_", at most 120 characters (cut on a code point boundary), and an empty
 * result falls back to the id. Lossy by design: the name never identifies anything.
 */
export function displaySegment(name: string | undefined, fallbackId: string): string {
  let s = (name ?? '').replace(/[/\\]/g, '-').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (s === '.' || s === '..') s = '_';
  const points = [...s];
  if (points.length > MAX_NAME) s = points.slice(0, MAX_NAME).join('').trimEnd();
  return s || enc(fallbackId);
}

export function itemAddress(ref: DefinitionRef): ItemAddress {
  if (ref.kind === 'flow') return { service: 'dataverse', webApiUrl: ref.webApiUrl, itemId: ref.id };
  return { service: ref.service, workspaceId: ref.workspaceId, itemId: ref.id } as ItemAddress;
}

function checkPart(part: string): string[] {
  const segs = part.split('/').filter((s) => s.length);
  if (segs.some((s) => s === '..' || s === '.' || s.includes('\\'))) throw new Error(`Part path "${part}" may not contain ".", ".." or "\\" segments.`);
  return segs;
}

/** The id folder of an item: /<service>/<container>/<itemId>. */
export function itemIdPath(a: ItemAddress): string {
  const container = a.service === 'dataverse' ? envKey(a.webApiUrl) : enc(a.workspaceId);
  return `/${a.service}/${container}/${enc(a.itemId)}`;
}

/** Path of an item root (part omitted) or of a part in it. Part paths keep their `/` between encoded segments. */
export function definitionPath(a: ItemAddress, part?: string, name?: string): string {
  const base = `${itemIdPath(a)}/${displaySegment(name, a.itemId)}`;
  const segs = part ? checkPart(part) : [];
  return segs.length ? `${base}/${segs.map(enc).join('/')}` : base;
}

export function parseDefinitionPath(path: string): ParsedPath {
  const segs = path.split('/').filter((s) => s.length);
  if (segs.some((s) => s === '.' || s === '..')) throw new Error(`Refusing a path with "." or ".." segments: ${path}`);
  if (segs.length && !SERVICES.includes(segs[0])) throw new Error(`Unknown service in ${path}`);
  const service = segs[0] as DefinitionService | undefined;
  let decoded: string[];
  try { decoded = segs.map((s, i) => (i === 3 ? s : decodeURIComponent(s))); } catch { throw new Error(`Not a Dataflow Workbench path: ${path}`); }
  if (decoded.slice(4).some((s) => s === '..' || s === '.' || s.includes('/') || s.includes('\\'))) throw new Error(`Refusing a path that leaves its item: ${path}`);
  if (segs.length < 3) return { depth: segs.length, service, part: '' };
  const item: ItemAddress = service === 'dataverse'
    ? { service, webApiUrl: envUrl(segs[1]), itemId: decoded[2] }
    : { service: service as 'powerbi' | 'fabric', workspaceId: decoded[1], itemId: decoded[2] };
  return { depth: segs.length, service, item, name: segs[3], part: decoded.slice(4).join('/') };
}

/** Identity of an item, for caches and the local store. */
export function addressKey(a: ItemAddress): string {
  return a.service === 'dataverse' ? `dataverse|${a.webApiUrl}|${a.itemId}` : `${a.service}|${a.workspaceId}|${a.itemId}`;
}

/** Identity of one file of an item, independent of the display name in its URI. */
export function fileKey(a: ItemAddress, part: string): string {
  return `${addressKey(a)}|${checkPart(part).join('/')}`;
}

/** The file a definition opens on: the M for dataflows, definition.json for flows, the main part for Fabric items. */
export function mainPart(ref: DefinitionRef, parts: string[]): string {
  if (ref.kind === 'dataflow') return 'mashup.pq';
  if (ref.kind === 'flow') return 'definition.json';
  const prefer = ['mashup.pq', 'notebook-content.py', 'notebook-content.ipynb', 'definition/model.tmdl', 'model.bim', 'report.json', 'definition/report.json', 'pipeline-content.json'];
  return prefer.find((p) => parts.includes(p)) ?? parts.find((p) => p !== '.platform') ?? parts[0];
}
