// Which token audience a request needs: one token per resource (api-contracts §D.1).
import type { EndpointOverrides } from '../endpoints';
import { cloudConfig, type CloudName } from './clouds';

export function cloudScopes(cloud: CloudName | string): { powerbi: string; fabric: string; discovery: string } {
  const c = cloudConfig(cloud);
  return { powerbi: c.powerbiScope, fabric: c.fabricScope, discovery: c.discoveryScope };
}

function under(url: URL, base: string | undefined): boolean {
  if (!base) return false;
  try {
    const b = new URL(base);
    return url.origin === b.origin && url.pathname.startsWith(b.pathname.replace(/\/+$/, ''));
  } catch { return false; }
}

export function scopeForUrl(url: URL, cloud: CloudName | string, overrides?: EndpointOverrides): string {
  const c = cloudConfig(cloud);
  if (under(url, overrides?.fabric) || url.host === new URL(c.fabricApi).host) return c.fabricScope;
  if (under(url, overrides?.powerbi)) return c.powerbiScope;
  if (url.host === new URL(c.powerbiApi).host) return /^\/v1\//.test(url.pathname) ? c.fabricScope : c.powerbiScope;
  if (under(url, overrides?.discovery) || url.host === new URL(c.discoveryUrl).host) return c.discoveryScope;
  // Dataverse: one token per environment host.
  return `${url.origin}/.default`;
}
