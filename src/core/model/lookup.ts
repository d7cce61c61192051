// Finding things by name or id, and naming Dataverse environments, shared by the editor and dfw.

export class LookupError extends Error {
  override name = 'LookupError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one entry whose id equals, or whose name equals (exactly, then ignoring case), the key. */
export function pickByNameOrId<T>(key: string, list: readonly T[], id: (t: T) => string, name: (t: T) => string, what: string): T {
  const byId = list.filter((t) => id(t).toLowerCase() === key.toLowerCase());
  if (byId.length === 1) return byId[0];
  const exact = list.filter((t) => name(t) === key);
  if (exact.length === 1) return exact[0];
  const ci = list.filter((t) => name(t).toLowerCase() === key.toLowerCase());
  if (ci.length === 1) return ci[0];
  const matches = exact.length ? exact : ci;
  if (matches.length > 1) throw new LookupError(`${matches.length} ${what}s are named "${key}": use the id instead (${matches.map(id).join(', ')}).`);
  const hint = GUID.test(key) ? '' : ' Names are matched exactly (ignoring case).';
  throw new LookupError(`No ${what} "${key}".${hint}`);
}

/** "https://contoso.crm4.dynamics.com" → its Web API root; a Web API URL stays as it is. */
export function webApiUrlOf(url: string): string {
  const u = url.replace(/\/+$/, '');
  return /\/api\/data\/v\d+(\.\d+)?$/.test(u) ? u : `${u}/api/data/v9.2`;
}

/** Org name of a Web API URL: the host's first label, or the sandbox's /dataverse/<org>/ segment. */
export function orgNameOf(webApiUrl: string): string {
  const u = new URL(webApiUrl);
  const m = /\/dataverse\/([^/]+)\//.exec(u.pathname);
  return decodeURIComponent(m ? m[1] : u.hostname.split('.')[0]);
}
