// Decides which hosts may receive a bearer token: the configured cloud's API hosts, its
// Dataverse environments (by host suffix), and the origins of explicit endpoint overrides.
import type { EndpointOverrides } from '../endpoints';
import { cloudConfig, type CloudName } from './clouds';

export function createHostTrust(cloud: CloudName | string, overrides?: EndpointOverrides): (url: URL) => boolean {
  const c = cloudConfig(cloud);
  const exact = new Set([c.powerbiApi, c.fabricApi, c.discoveryUrl].map((u) => new URL(u).host.toLowerCase()));
  // Fabric also serves /v1 from the Power BI host (api-contracts §0); both are in the table.
  const origins = new Set(Object.entries(overrides ?? {})
    .filter(([k, v]) => k !== 'token' && typeof v === 'string' && v)
    .map(([, v]) => { try { return new URL(v as string).origin.toLowerCase(); } catch { return ''; } })
    .filter(Boolean));
  return (url: URL) => {
    if (origins.has(url.origin.toLowerCase())) return true;
    if (url.protocol !== 'https:') return false;
    const host = url.hostname.toLowerCase();
    if (exact.has(url.host.toLowerCase())) return true;
    return c.dataverseSuffixes.some((s) => host.endsWith(s) && host.length > s.length);
  };
}
