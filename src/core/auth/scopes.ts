// Which token audience a request needs: one `.default` scope per resource (api-contracts §D.1).
// Power BI and Fabric have fixed audiences per cloud; every Dataverse environment is its own.
import type { EndpointOverrides } from '../endpoints';
import { cloudConfig, type CloudName } from './clouds';

export function cloudScopes(cloud: CloudName | string): { powerbi: string; fabric: string; discovery: string } {
  const c = cloudConfig(cloud);
  return { powerbi: c.powerbiScope, fabric: c.fabricScope, discovery: c.discoveryScope };
}

/** Whether url lies under base: same origin, and the path continues base's at a boundary (/, (, end). */
function under(url: URL, base: string | undefined): boolean {
  if (!base) return false;
  try {
    const b = new URL(base);
    const prefix = b.pathname.replace(/\/+$/, '');
    if (url.origin !== b.origin || !url.pathname.startsWith(prefix)) return false;
    return /^($|[/(])/.test(url.pathname.slice(prefix.length));
  } catch { return false; }
}

export function scopeForUrl(url: URL, cloud: CloudName | string, overrides?: EndpointOverrides): string {
  const c = cloudConfig(cloud);
  if (under(url, overrides?.fabric)) return c.fabricScope;
  if (under(url, overrides?.powerbi)) return c.powerbiScope;
  if (under(url, overrides?.discovery)) return c.discoveryScope;
  if (url.host === new URL(c.fabricApi).host) return c.fabricScope;
  // Fabric's /v1 APIs are also served from the Power BI host (api-contracts §0).
  if (url.host === new URL(c.powerbiApi).host) return /^\/v1\//.test(url.pathname) ? c.fabricScope : c.powerbiScope;
  if (url.host === new URL(c.discoveryUrl).host) return c.discoveryScope;
  // Dataverse (and anything else): the environment's own origin.
  return `${url.origin}/.default`;
}
