// Compares definitions after removing what changes without anyone editing: export-only fields
// of Gen1 model.json (partitions, modifiedTime, refresh bookmarks) and Fabric's per-workspace
// .platform logicalId. Used to tell "update" from "unchanged".

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v));
}

function stripModelJson(text: string): string {
  try {
    const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, any>;
    delete doc.modifiedTime;
    delete doc['pbi:mashup']?.document;
    for (const e of (doc.entities ?? []) as Array<Record<string, unknown>>) {
      delete e.partitions;
      delete e['pbi:refreshBookmark'];
    }
    for (const r of (doc.referenceModels ?? []) as Array<Record<string, unknown>>) delete r.location;
    return canonical(doc);
  } catch { return text; }
}

function stripPlatform(text: string): string {
  try {
    const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, any>;
    if (doc.config) delete doc.config.logicalId;
    return canonical(doc);
  } catch { return text; }
}

function stripJson(text: string): string {
  try { return canonical(JSON.parse(text.replace(/^\uFEFF/, ''))); } catch { return text; }
}

const eol = (t: string) => t.replace(/\r\n/g, '\n').replace(/^\uFEFF/, '');

export function normalizeFile(kind: string, path: string, text: string): string {
  if (kind === 'dataflow' && path === 'model.json') return stripModelJson(text);
  if (path.endsWith('.platform')) return stripPlatform(text);
  if (path.endsWith('.json')) return stripJson(text);
  return eol(text);
}

export function definitionsEqual(kind: string, a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (a[k] === undefined || b[k] === undefined) return false;
    if (normalizeFile(kind, k, a[k]) !== normalizeFile(kind, k, b[k])) return false;
  }
  return true;
}
