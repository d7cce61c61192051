// dfw item paths: `powerbi/<workspace>/<item>`, `fabric/<workspace>/<item>` and
// `dataverse/<environment>/<flow>`. A segment is a display name or an id. A name containing `/`
// or `%` is written percent-encoded (`R%26D %2F Ops` or simply `R&D %2F Ops`): each segment is
// passed through decodeURIComponent, so `%2F` stands for `/` and `%25` for `%`.
import { UsageError } from './args';
import { pickByNameOrId as pick } from '../core/model/lookup';

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

/** Picks by name or id; an ambiguous or unknown segment is a usage error (exit 2). */
export function pickByNameOrId<T>(segment: string, list: readonly T[], id: (t: T) => string, name: (t: T) => string, what: string): T {
  try { return pick(segment, list, id, name, what); } catch (err) {
    throw new UsageError(`${(err as Error).message}${/^No /.test((err as Error).message) ? ' Run "dfw ls" to see them.' : ''}`);
  }
}
