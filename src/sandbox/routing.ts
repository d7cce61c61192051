// Maps a request path to a service emulator (or the /_sandbox control routes).
import type { SandboxService } from './types';

export interface ServiceRoute {
  kind: 'service';
  service: SandboxService;
  /** Path prefix of the service root as reached, e.g. "/fabric/v1" or "/v1". */
  rootPath: string;
  /** The rest, still percent-encoded, always starting with "/" (or ""). */
  rawPath: string;
  org?: string;
}

export interface ControlRoute {
  kind: 'control';
  rawPath: string;
}

export const DISCOVERY_ORG = 'globaldisco';

const PREFIXES: Array<{ re: RegExp; service: SandboxService }> = [
  { re: /^\/powerbi\/v1\.0\/myorg(?=\/|$)/i, service: 'powerbi' },
  { re: /^\/v1\.0\/myorg(?=\/|$)/i, service: 'powerbi' },
  { re: /^\/fabric\/v1(?=\/|$)/i, service: 'fabric' },
  { re: /^\/v1(?=\/|$)/i, service: 'fabric' },
];
const DISCOVERY = /^\/dataverse\/globaldisco\/api\/discovery\/v2\.0(?=\/|$)/i;
const DATAVERSE = /^\/dataverse\/([A-Za-z0-9][A-Za-z0-9-]*)\/api\/data\/v9\.2(?=\/|$)/i;

export function resolveRoute(rawPathname: string): ServiceRoute | ControlRoute | undefined {
  if (/^\/_sandbox(?=\/|$)/.test(rawPathname)) return { kind: 'control', rawPath: rawPathname.slice('/_sandbox'.length) };
  for (const p of PREFIXES) {
    const m = p.re.exec(rawPathname);
    if (m) return { kind: 'service', service: p.service, rootPath: m[0], rawPath: rawPathname.slice(m[0].length) };
  }
  const d = DISCOVERY.exec(rawPathname);
  if (d) return { kind: 'service', service: 'dataverse', org: DISCOVERY_ORG, rootPath: d[0], rawPath: rawPathname.slice(d[0].length) };
  const v = DATAVERSE.exec(rawPathname);
  if (v) return { kind: 'service', service: 'dataverse', org: v[1].toLowerCase(), rootPath: v[0], rawPath: rawPathname.slice(v[0].length) };
  return undefined;
}

/** Decodes each segment; a segment that is not valid percent-encoding stays as it is. */
export function decodePath(rawPath: string): string {
  return rawPath.split('/').map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  }).join('/');
}

/** Error code each service uses for throttling (Fabric: also in x-ms-public-api-error-code). */
export const THROTTLE_CODES: Record<SandboxService, string> = {
  powerbi: 'TooManyRequests',
  fabric: 'RequestBlocked',
  dataverse: '0x80072322',
};
