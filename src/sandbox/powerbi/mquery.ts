// Derives what the service reports about a dataflow from its model.json: data sources (from the
// calls in the M document, resolving parameter queries) and upstream dataflows (from
// PowerPlatform.Dataflows / PowerBI.Dataflows navigation and referenceModels). A text scan, not
// an M evaluator: it finds literal arguments and parameters defined as `shared P = "…" meta …`.
import { createHash } from 'node:crypto';

export interface DataflowDatasource {
  datasourceType: string;
  connectionDetails: Record<string, string>;
  datasourceId: string;
  gatewayId: string;
}

export interface UpstreamRef {
  targetDataflowId: string;
  groupId: string;
}

const CONNECTORS: Array<{ fn: string; type: string; keys: string[] }> = [
  { fn: 'Sql.Database', type: 'Sql', keys: ['server', 'database'] },
  { fn: 'Sql.Databases', type: 'Sql', keys: ['server'] },
  { fn: 'Web.Contents', type: 'Web', keys: ['url'] },
  { fn: 'OData.Feed', type: 'OData', keys: ['url'] },
  { fn: 'SharePoint.Files', type: 'SharePointList', keys: ['url'] },
  { fn: 'SharePoint.Contents', type: 'SharePointList', keys: ['url'] },
  { fn: 'SharePoint.Tables', type: 'SharePointList', keys: ['url'] },
  { fn: 'File.Contents', type: 'File', keys: ['path'] },
  { fn: 'AzureStorage.Blobs', type: 'AzureBlobs', keys: ['account'] },
  { fn: 'AzureStorage.DataLake', type: 'AzureDataLakeStorage', keys: ['url'] },
  { fn: 'PostgreSQL.Database', type: 'PostgreSql', keys: ['server', 'database'] },
];

const STR = String.raw`"(?:[^"]|"")*"`;
const ARG = String.raw`(${STR}|#${STR}|[A-Za-z_][A-Za-z0-9_.]*)`;

export function mashupDocument(model: Record<string, unknown>): string {
  const mashup = model['pbi:mashup'] as { document?: unknown } | undefined;
  return typeof mashup?.document === 'string' ? mashup.document : '';
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/""/g, '"');
}

/** Values of text parameters: `shared Name = "value" meta [IsParameterQuery=true, …]`. */
export function textParameters(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = new RegExp(String.raw`shared\s+(#${STR}|[A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(${STR})\s*meta\s*\[[^\]]*IsParameterQuery\s*=\s*true`, 'g');
  for (const m of doc.matchAll(re)) out.set(m[1].startsWith('#') ? unquote(m[1].slice(1)) : m[1], unquote(m[2]));
  return out;
}

function resolveArg(arg: string, params: Map<string, string>): string | undefined {
  if (arg.startsWith('"')) return unquote(arg);
  const name = arg.startsWith('#') ? unquote(arg.slice(1)) : arg;
  return params.get(name);
}

function stableGuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function deriveDatasources(model: Record<string, unknown>): DataflowDatasource[] {
  const doc = mashupDocument(model);
  const params = textParameters(doc);
  const seen = new Set<string>();
  const out: DataflowDatasource[] = [];
  const gatewayId = stableGuid('sandbox-cloud-gateway');
  for (const c of CONNECTORS) {
    const re = new RegExp(`${c.fn.replace('.', '\\.')}\\s*\\(\\s*${ARG}(?:\\s*,\\s*${ARG})?`, 'g');
    for (const m of doc.matchAll(re)) {
      const details: Record<string, string> = {};
      c.keys.forEach((k, i) => {
        const raw = m[i + 1];
        const v = raw === undefined ? undefined : resolveArg(raw, params);
        if (v !== undefined) details[k] = v;
      });
      if (Object.keys(details).length === 0) continue;
      const key = `${c.type}|${JSON.stringify(details)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ datasourceType: c.type, connectionDetails: details, datasourceId: stableGuid(key), gatewayId });
    }
  }
  if (/\b(PowerPlatform|PowerBI)\.Dataflows\s*\(/.test(doc)) {
    out.push({ datasourceType: 'Extension', connectionDetails: { kind: 'PowerPlatform.Dataflows', path: 'PowerPlatform.Dataflows' }, datasourceId: stableGuid('dataflows-connector'), gatewayId });
  }
  return out;
}

export function deriveUpstream(model: Record<string, unknown>): UpstreamRef[] {
  const out: UpstreamRef[] = [];
  const add = (groupId: string, targetDataflowId: string) => {
    if (!out.some((u) => u.groupId.toLowerCase() === groupId.toLowerCase() && u.targetDataflowId.toLowerCase() === targetDataflowId.toLowerCase())) {
      out.push({ targetDataflowId, groupId });
    }
  };
  const doc = mashupDocument(model);
  if (/\b(PowerPlatform|PowerBI)\.Dataflows\s*\(/.test(doc)) {
    let lastWs: string | undefined;
    for (const m of doc.matchAll(/\b(workspaceId|dataflowId)\s*=\s*"([0-9A-Fa-f-]{36})"/g)) {
      if (m[1] === 'workspaceId') lastWs = m[2];
      else if (lastWs) add(lastWs, m[2]);
    }
  }
  const refs = model.referenceModels;
  if (Array.isArray(refs)) {
    for (const r of refs) {
      const id = (r as { id?: unknown })?.id;
      const m = typeof id === 'string' ? /^([0-9A-Fa-f-]{36})\/([0-9A-Fa-f-]{36})$/.exec(id) : null;
      if (m) add(m[1], m[2]);
    }
  }
  return out;
}
