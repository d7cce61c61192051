// Decides which URLs may receive a bearer token: https on the configured cloud's API hosts
// (exact), its Dataverse environments (by host pattern), and the origins of explicit endpoint
// overrides. When the overrides carry a static `token`, that token belongs to them alone, so
// only their origins are trusted.
import type { EndpointOverrides } from '../endpoints';
import { cloudConfig, type CloudName } from './clouds';

const URL_KEYS = ['powerbi', 'fabric', 'dataverse', 'discovery'] as const;

export function overrideOrigins(overrides: EndpointOverrides | undefined): Set<string> {
  const out = new Set<string>();
  for (const k of URL_KEYS) {
    const v = overrides?.[k];
    if (!v) continue;
    try { out.add(new URL(v).origin.toLowerCase()); } catch { /* parseEndpointOverrides reports bad URLs */ }
  }
  return out;
}

export function createHostTrust(cloud: CloudName | string, overrides?: EndpointOverrides): (url: URL) => boolean {
  const c = cloudConfig(cloud);
  // Fabric is also served under /v1 on the Power BI host (api-contracts §0); both are listed.
  const exact = new Set([c.powerbiApi, c.fabricApi, c.discoveryUrl].map((u) => new URL(u).host.toLowerCase()));
  const origins = overrideOrigins(overrides);
  const overridesOnly = !!overrides?.token;
  return (url: URL) => {
    if (origins.has(url.origin.toLowerCase())) return true;
    if (overridesOnly || url.protocol !== 'https:' || url.username || url.password) return false;
    const host = url.host.toLowerCase();
    return exact.has(host) || c.dataverseHost.test(host);
  };
}
