// Finds and rewrites references from one item to another, so a deployed item points at the
// target environment's upstream items instead of silently keeping the source's GUIDs:
// - M navigation to dataflows: PowerPlatform.Dataflows / PowerBI.Dataflows
//   {[workspaceId="…"]}[Data]{[dataflowId="…"]}[Data] (Gen1 mashup.pq and Gen2 mashup.pq);
// - Gen1 model.json `referenceModels[].id` ("<workspaceId>/<dataflowId>") and entities' `modelId`.
import { applyEdits, modify, parse } from 'jsonc-parser';

export interface DataflowReference {
  workspaceId: string;
  dataflowId: string;
  /** File the reference was found in. */
  file: string;
}

export type ReferenceMap = (ref: { workspaceId: string; dataflowId: string }) => { workspaceId: string; dataflowId: string } | undefined;

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const WS_RE = new RegExp(`workspaceId\\s*=\\s*"(${GUID})"`, 'g');
const DF_RE = new RegExp(`dataflowId\\s*=\\s*"(${GUID})"`, 'g');

interface Hit { kind: 'ws' | 'df'; id: string; start: number; end: number }

function scanM(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const [re, kind] of [[WS_RE, 'ws'], [DF_RE, 'df']] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index + m[0].lastIndexOf(m[1]);
      hits.push({ kind, id: m[1], start, end: start + m[1].length });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Pairs each dataflowId with the closest workspaceId before it. */
function pairs(text: string): Array<{ ws?: Hit; df: Hit }> {
  const out: Array<{ ws?: Hit; df: Hit }> = [];
  let ws: Hit | undefined;
  for (const h of scanM(text)) {
    if (h.kind === 'ws') ws = h;
    else out.push({ ws, df: h });
  }
  return out;
}

function referenceModels(text: string): Array<{ id: string; index: number }> {
  try {
    const doc = parse(text) as { referenceModels?: Array<{ id?: string }> };
    return (doc?.referenceModels ?? []).map((r, index) => ({ id: String(r?.id ?? ''), index })).filter((r) => r.id.includes('/'));
  } catch { return []; }
}

export function findDataflowReferences(files: Record<string, string>): DataflowReference[] {
  const seen = new Set<string>();
  const out: DataflowReference[] = [];
  const push = (r: DataflowReference) => {
    const key = `${r.workspaceId.toLowerCase()}/${r.dataflowId.toLowerCase()}`;
    if (!seen.has(key)) { seen.add(key); out.push(r); }
  };
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith('.pq')) {
      for (const p of pairs(text)) if (p.ws) push({ workspaceId: p.ws.id, dataflowId: p.df.id, file });
    } else if (file === 'model.json') {
      for (const r of referenceModels(text)) {
        const [workspaceId, dataflowId] = r.id.split('/');
        push({ workspaceId, dataflowId, file });
      }
    }
  }
  return out;
}

/** Rewrites every reference the map resolves; unresolved ones are returned untouched for the plan to report. */
export function rewriteDataflowReferences(files: Record<string, string>, map: ReferenceMap): { files: Record<string, string>; rewritten: number; unresolved: DataflowReference[] } {
  const out = { ...files };
  let rewritten = 0;
  const unresolved: DataflowReference[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith('.pq')) {
      const edits: Array<{ start: number; end: number; value: string }> = [];
      for (const p of pairs(text)) {
        if (!p.ws) continue;
        const to = map({ workspaceId: p.ws.id, dataflowId: p.df.id });
        if (!to) { unresolved.push({ workspaceId: p.ws.id, dataflowId: p.df.id, file }); continue; }
        edits.push({ start: p.ws.start, end: p.ws.end, value: to.workspaceId }, { start: p.df.start, end: p.df.end, value: to.dataflowId });
        rewritten++;
      }
      // Several dataflowIds may share one workspaceId hit: apply each position once, back to front.
      const unique = [...new Map(edits.map((e) => [e.start, e])).values()].sort((a, b) => b.start - a.start);
      let t = text;
      for (const e of unique) t = t.slice(0, e.start) + e.value + t.slice(e.end);
      out[file] = t;
    } else if (file === 'model.json') {
      let t = text;
      for (const r of referenceModels(text)) {
        const [workspaceId, dataflowId] = r.id.split('/');
        const to = map({ workspaceId, dataflowId });
        if (!to) { unresolved.push({ workspaceId, dataflowId, file }); continue; }
        const newId = `${to.workspaceId}/${to.dataflowId}`;
        t = applyEdits(t, modify(t, ['referenceModels', r.index, 'id'], newId, {}));
        // The location points at the source's storage; the service fills it in for the new id.
        t = applyEdits(t, modify(t, ['referenceModels', r.index, 'location'], undefined, {}));
        t = rewriteModelIds(t, r.id, newId);
        rewritten++;
      }
      out[file] = t;
    }
  }
  return { files: out, rewritten, unresolved };
}

function rewriteModelIds(text: string, from: string, to: string): string {
  const doc = parse(text) as { entities?: Array<{ modelId?: string }> };
  let t = text;
  (doc?.entities ?? []).forEach((e, i) => {
    if (e?.modelId === from) t = applyEdits(t, modify(t, ['entities', i, 'modelId'], to, {}));
  });
  return t;
}
