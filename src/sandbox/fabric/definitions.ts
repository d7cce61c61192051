// Item definitions (api-contracts §B.4): part validation (CorruptedPayload), the .platform part,
// the older Dataflow format converted to the current one, default definitions for a create
// without one, and the formats getDefinition can be asked for (SemanticModel TMDL/TMSL,
// Notebook fabricGitSource/ipynb).
import type { FabricItem, FabricPart } from './state';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const text = (p: FabricPart) => Buffer.from(p.payload, 'base64').toString('utf8').replace(/^\uFEFF/, '');
const part = (path: string, content: string): FabricPart => ({ path, payload: b64(content), payloadType: 'InlineBase64' });

/** Types whose items carry a definition; the others (Lakehouse, Warehouse…) have none. */
export const DEFINITION_TYPES = new Set(['Dataflow', 'SemanticModel', 'Report', 'Notebook', 'DataPipeline', 'SparkJobDefinition', 'KQLQueryset', 'Eventstream', 'Environment', 'VariableLibrary', 'CopyJob', 'GraphQLApi', 'UserDataFunction']);

/** Formats per type; the first is the default. Case-sensitive, as on the service. */
export const FORMATS: Record<string, string[]> = { SemanticModel: ['TMDL', 'TMSL'], Notebook: ['fabricGitSource', 'ipynb'] };

export type Checked = { ok: true; parts: FabricPart[]; format?: string } | { ok: false; message: string };

/** Validates parts (base64, JSON where JSON is expected, required parts) and normalises the format. */
export function checkDefinition(type: string, def: unknown): Checked {
  const d = def as { parts?: unknown; format?: unknown } | undefined;
  if (!d || !Array.isArray(d.parts)) return { ok: false, message: 'definition.parts must be an array of {path, payload, payloadType}.' };
  const parts: FabricPart[] = [];
  for (const p of d.parts as Array<Record<string, unknown>>) {
    if (!p || typeof p.path !== 'string' || !p.path) return { ok: false, message: 'Every definition part needs a path.' };
    if (p.payloadType !== 'InlineBase64') return { ok: false, message: `Part ${p.path}: payloadType must be InlineBase64.` };
    if (typeof p.payload !== 'string' || p.payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(p.payload)) return { ok: false, message: `Part ${p.path}: the payload is not valid base64.` };
    parts.push({ path: p.path, payload: p.payload, payloadType: 'InlineBase64' });
  }
  if (new Set(parts.map((p) => p.path)).size !== parts.length) return { ok: false, message: 'Two definition parts have the same path.' };
  for (const p of parts) {
    if (!p.path.endsWith('.json') && !p.path.endsWith('.platform') && !p.path.endsWith('.pbism') && !p.path.endsWith('.pbir') && !p.path.endsWith('.bim') && !p.path.endsWith('.ipynb')) continue;
    try { JSON.parse(text(p)); } catch { return { ok: false, message: `Part ${p.path} is not valid JSON.` }; }
  }
  let format = typeof d.format === 'string' && d.format ? d.format : undefined;
  if (type === 'Dataflow' && parts.some((p) => p.path === 'dataflow-content.json')) return fromOldDataflowFormat(parts);
  if (format && FORMATS[type] && !FORMATS[type].includes(format)) return { ok: false, message: `Format ${format} is not supported for ${type} (${FORMATS[type].join(', ')}).` };
  if (type === 'SemanticModel' && !format) format = parts.some((p) => p.path === 'model.bim') ? 'TMSL' : undefined;
  if (type === 'Notebook' && !format) format = parts.some((p) => p.path === 'notebook-content.ipynb') ? 'ipynb' : undefined;
  const missing = required(type, format).filter((r) => !parts.some((p) => p.path === r));
  if (missing.length) return { ok: false, message: `A ${type} definition needs the part(s) ${missing.join(', ')}.` };
  if (type === 'Dataflow') {
    const meta = JSON.parse(text(parts.find((p) => p.path === 'queryMetadata.json')!)) as { formatVersion?: unknown };
    if (meta.formatVersion !== undefined && meta.formatVersion !== '202502') return { ok: false, message: `queryMetadata.json: formatVersion must be "202502", not ${JSON.stringify(meta.formatVersion)}.` };
  }
  return { ok: true, parts, format };
}

function required(type: string, format?: string): string[] {
  switch (type) {
    case 'Dataflow': return ['queryMetadata.json', 'mashup.pq'];
    case 'SemanticModel': return format === 'TMSL' ? ['definition.pbism', 'model.bim'] : ['definition.pbism'];
    case 'Report': return ['definition.pbir'];
    case 'Notebook': return [format === 'ipynb' ? 'notebook-content.ipynb' : 'notebook-content.py'];
    default: return [];
  }
}

/** The pre-2025 single-part dataflow-content.json, stored (and served) in the current format. */
function fromOldDataflowFormat(parts: FabricPart[]): Checked {
  const doc = JSON.parse(text(parts.find((p) => p.path === 'dataflow-content.json')!)) as { editingSessionMashup?: Record<string, unknown> };
  const m = doc.editingSessionMashup;
  if (!m || typeof m.mashupDocument !== 'string') return { ok: false, message: 'dataflow-content.json needs editingSessionMashup.mashupDocument.' };
  const meta = { formatVersion: '202502', computeEngineSettings: {}, name: m.mashupName ?? '', queryGroups: m.queryGroups ?? [], documentLocale: m.documentLocale ?? 'en-US',
    queriesMetadata: m.queriesMetadata ?? {}, connections: [], fastCombine: m.fastCombine ?? false, allowNativeQueries: m.allowNativeQueries ?? true };
  const rest = parts.filter((p) => p.path !== 'dataflow-content.json');
  return { ok: true, parts: [part('queryMetadata.json', JSON.stringify(meta, null, 2)), part('mashup.pq', m.mashupDocument), ...rest] };
}

/** What a create without a definition stores; undefined when the type has no definition. */
export function defaultDefinition(type: string, displayName: string): FabricPart[] | undefined {
  if (type === 'Dataflow') {
    const meta = { formatVersion: '202502', computeEngineSettings: {}, name: displayName, queryGroups: [], documentLocale: 'en-US', queriesMetadata: {}, connections: [] };
    return [part('queryMetadata.json', JSON.stringify(meta, null, 2)), part('mashup.pq', 'section Section1;\r\n')];
  }
  if (type === 'Notebook') return [part('notebook-content.py', '# Fabric notebook source\n\n# METADATA ********************\n\n# META {\n# META   "kernel_info": {\n# META     "name": "synapse_pyspark"\n# META   }\n# META }\n')];
  if (DEFINITION_TYPES.has(type) && type !== 'SemanticModel' && type !== 'Report') return [];
  return undefined;
}

/** Applies .platform's displayName/description (updateDefinition?updateMetadata=true). */
export function applyPlatform(item: FabricItem, parts: FabricPart[]): void {
  const p = parts.find((x) => x.path === '.platform');
  if (!p) return;
  try {
    const meta = (JSON.parse(text(p)) as { metadata?: { displayName?: unknown; description?: unknown } }).metadata ?? {};
    if (typeof meta.displayName === 'string' && meta.displayName) item.displayName = meta.displayName;
    if (typeof meta.description === 'string') item.description = meta.description;
  } catch { /* checkDefinition refused broken JSON already */ }
}

/** The .platform the service serves: the stored one when it still matches the item, else rebuilt. */
function platformPart(item: FabricItem, stored: FabricPart | undefined): FabricPart {
  let doc: { $schema?: string; metadata?: Record<string, unknown>; config?: Record<string, unknown> } = {};
  if (stored) {
    try { doc = JSON.parse(text(stored)); } catch { doc = {}; }
    const m = doc.metadata ?? {};
    if (m.type === item.type && m.displayName === item.displayName && (m.description ?? '') === item.description) return stored;
  }
  const metadata: Record<string, unknown> = { type: item.type, displayName: item.displayName, ...(item.description ? { description: item.description } : {}) };
  const out = { $schema: doc.$schema ?? 'https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json',
    metadata, config: doc.config ?? { version: '2.0', logicalId: item.id } };
  return part('.platform', JSON.stringify(out, null, 2));
}

/** The getDefinition body for a format (undefined = the stored/default one), or an error message. */
export function servedDefinition(item: FabricItem, format: string | undefined): { definition: { format?: string; parts: FabricPart[] } } | string {
  const stored = item.parts ?? [];
  const formats = FORMATS[item.type];
  if (format && !formats) return `The format parameter is not supported for ${item.type} items.`;
  if (format && !formats.includes(format)) return `Format ${format} is not supported for ${item.type} (${formats.join(', ')}).`;
  const have = item.format ?? formats?.[0];
  const want = format ?? have;
  let parts = stored.filter((p) => p.path !== '.platform');
  let served = have;
  if (want !== have) {
    const converted = convert(item.type, parts, want!);
    if (converted) { parts = converted; served = want; }
  }
  parts = [...parts, platformPart(item, stored.find((p) => p.path === '.platform'))];
  return { definition: { ...(served && (format || item.format) ? { format: served } : {}), parts } };
}

/** The parts in the other format, or undefined when the sandbox cannot convert (served as stored). */
function convert(type: string, parts: FabricPart[], want: string): FabricPart[] | undefined {
  if (type === 'Notebook') {
    const py = parts.find((p) => p.path === 'notebook-content.py'), nb = parts.find((p) => p.path === 'notebook-content.ipynb');
    const others = parts.filter((p) => p !== py && p !== nb);
    if (want === 'ipynb' && py) return [part('notebook-content.ipynb', JSON.stringify(pyToIpynb(text(py)), null, 1)), ...others];
    if (want === 'fabricGitSource' && nb) return [part('notebook-content.py', ipynbToPy(text(nb))), ...others];
  }
  if (type === 'SemanticModel' && want === 'TMSL') {
    const tables = parts.filter((p) => /^definition\/tables\/.+\.tmdl$/.test(p.path)).map((p) => tmdlTable(text(p)));
    const bim = { name: 'SemanticModel', compatibilityLevel: 1567, model: { culture: 'en-US', tables } };
    return [...parts.filter((p) => !p.path.startsWith('definition/')), part('model.bim', JSON.stringify(bim, null, 2))];
  }
  return undefined;
}

/** Approximation: table and column names only (the sandbox does not carry a TMDL→TMSL compiler). */
function tmdlTable(tmdl: string): { name: string; columns: Array<{ name: string }> } {
  const unquote = (s: string) => s.trim().replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  const name = unquote(/^table\s+(.+)$/m.exec(tmdl)?.[1] ?? 'Table');
  const columns = [...tmdl.matchAll(/^\s+column\s+('(?:[^']|'')*'|[^\s=]+)/gm)].map((m) => ({ name: unquote(m[1]) }));
  return { name, columns };
}

const CELL = '# CELL ********************';
const MARKDOWN = '# MARKDOWN ********************';

/** Fabric's git source format (cells split by "# CELL" / "# MARKDOWN" markers) as an .ipynb. */
function pyToIpynb(src: string): unknown {
  const cells: Array<{ cell_type: string; source: string[]; metadata: object; outputs?: []; execution_count?: null }> = [];
  const chunks = src.replace(/\r\n/g, '\n').split(/^(?=# (?:CELL|MARKDOWN) \*+$)/m);
  for (const chunk of chunks) {
    const md = chunk.startsWith(MARKDOWN);
    if (!md && !chunk.startsWith(CELL)) continue;
    const body = chunk.split('\n').slice(1).join('\n').replace(/# METADATA \*+[\s\S]*$/, '').trim();
    const lines = (md ? body.replace(/^# ?/gm, '') : body).split('\n').map((l, i, a) => (i < a.length - 1 ? `${l}\n` : l));
    cells.push(md ? { cell_type: 'markdown', source: lines, metadata: {} } : { cell_type: 'code', source: lines, metadata: {}, outputs: [], execution_count: null });
  }
  return { nbformat: 4, nbformat_minor: 5, metadata: { kernel_info: { name: 'synapse_pyspark' }, language_info: { name: 'python' } }, cells };
}

function ipynbToPy(src: string): string {
  const nb = JSON.parse(src) as { cells?: Array<{ cell_type?: string; source?: string | string[] }> };
  const out = ['# Fabric notebook source', ''];
  for (const c of nb.cells ?? []) {
    const body = Array.isArray(c.source) ? c.source.join('') : c.source ?? '';
    if (c.cell_type === 'markdown') out.push(MARKDOWN, '', body.split('\n').map((l) => `# ${l}`).join('\n'), '');
    else out.push(CELL, '', body, '');
  }
  return out.join('\n');
}
