// dfw item paths: `powerbi/<workspace>/<item>`, `fabric/<workspace>/<item>` and
// `dataverse/<environment>/<flow>`. A segment is a display name or an id. A name containing `/`
// or `%` is written percent-encoded (`R%26D %2F Ops` or simply `R&D %2F Ops`): each segment is
// passed through decodeURIComponent, so `%2F` stands for `/` and `%25` for `%`.
import { UsageError } from './args';

export type Service = 'powerbi' | 'fabric' | 'dataverse';

export interface ItemPath {
  service: Service;
  /** Workspace (or environment) name or id; absent for `powerbi` alone. */
  container?: string;
  /** Item name or id. */
  item?: string;
  raw: string;
}

export function parseItemPath(raw: string): ItemPath {
  const parts = raw.replace(/^\/+|\/+$/g, '').split('/');
  const service = parts[0] as Service;
  if (!['powerbi', 'fabric', 'dataverse'].includes(service)) {
    throw new UsageError(`"${raw}" is not an item path: start with powerbi/, fabric/ or dataverse/ (e.g. "powerbi/Sales [Dev]/Customers").`);
  }
  if (parts.length > 3) {
    throw new UsageError(`"${raw}" has too many segments. Write a "/" inside a name as %2F, e.g. "powerbi/R&D %2F Ops/Customers".`);
  }
  const decode = (s: string | undefined) => {
    if (s === undefined || s === '') return undefined;
    try { return decodeURIComponent(s); } catch { throw new UsageError(`"${s}" has a broken %-escape: write % as %25.`); }
  };
  return { service, container: decode(parts[1]), item: decode(parts[2]), raw };
}

/** The inverse: builds a path whose segments survive parseItemPath. */
export function formatItemPath(service: Service, container?: string, item?: string): string {
  const enc = (s: string) => s.replace(/%/g, '%25').replace(/\//g, '%2F');
  return [service, container, item].filter((x): x is string => x !== undefined).map((s, i) => (i === 0 ? s : enc(s))).join('/');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Picks the one entry whose id equals, or whose name equals (case-insensitive), the segment. */
export function pickByNameOrId<T>(segment: string, list: readonly T[], id: (t: T) => string, name: (t: T) => string, what: string): T {
  const byId = list.filter((t) => id(t).toLowerCase() === segment.toLowerCase());
  if (byId.length === 1) return byId[0];
  const exact = list.filter((t) => name(t) === segment);
  if (exact.length === 1) return exact[0];
  const ci = list.filter((t) => name(t).toLowerCase() === segment.toLowerCase());
  if (ci.length === 1) return ci[0];
  const matches = exact.length ? exact : ci;
  if (matches.length > 1) throw new UsageError(`${matches.length} ${what}s are named "${segment}": use the id instead (${matches.map(id).join(', ')}).`);
  const hint = GUID.test(segment) ? '' : ` Names are matched exactly (ignoring case); run "dfw ls" to see them.`;
  throw new UsageError(`No ${what} "${segment}".${hint}`);
}
