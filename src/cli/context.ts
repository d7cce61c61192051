// Everything a dfw command needs: output helpers honouring --json, and the same HTTP layer and
// service clients the extension uses, pointed at the cloud or at endpoint overrides.
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { HttpClient } from '../core/http';
import type { TokenProvider } from '../core/http/types';
import { parseEndpointOverrides, resolveServiceRoots, type EndpointOverrides } from '../core/endpoints';
import { createHostTrust } from '../core/auth/trust';
import { scopeForUrl } from '../core/auth/scopes';
import { fileTokenCacheStore, msalDeviceCodeProvider, msalServicePrincipalProvider, staticTokenProvider } from '../core/auth/tokenProviders';
import { createServiceClients, type ServiceClients } from '../core/api';
import { str, type ParsedArgs } from './args';

export interface CliIO {
  json: boolean;
  /** Machine-readable result on stdout (JSON with --json, text otherwise). */
  result(value: unknown, text?: string): void;
  /** Progress and diagnostics on stderr. */
  progress(message: string): void;
}

export interface CliContext extends CliIO {
  cloud: string;
  endpoints?: EndpointOverrides;
  http: HttpClient;
  clients: ServiceClients;
  verbose: boolean;
}

/** Aborted on Ctrl+C; every command passes it to the core so requests and waits stop at once. */
export const interrupt = new AbortController();

export const VS_CODE_CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export function cacheFile(): string {
  return path.join(process.env.DFW_HOME ?? path.join(os.homedir(), '.dfw'), 'msal-cache.json');
}

export function createIO(args: ParsedArgs): CliIO {
  const json = !!args.flags.json;
  return {
    json,
    result: (value, text) => { process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : (text ?? String(value)) + '\n'); },
    progress: (m) => { process.stderr.write(m + '\n'); },
  };
}

export function readEndpoints(args: ParsedArgs): EndpointOverrides | undefined {
  const raw = str(args, 'endpoints') ?? process.env.DFW_ENDPOINTS;
  return raw ? parseEndpointOverrides(raw) : undefined;
}

function tokenProviderFor(cloud: string, endpoints: EndpointOverrides | undefined, io: CliIO): TokenProvider {
  const scopeOf = (url: URL) => scopeForUrl(url, cloud as never, endpoints);
  if (endpoints?.token) return staticTokenProvider(endpoints.token);
  const tenantId = process.env.AZURE_TENANT_ID;
  const clientId = process.env.AZURE_CLIENT_ID;
  const secret = process.env.AZURE_CLIENT_SECRET;
  const certPath = process.env.AZURE_CLIENT_CERTIFICATE_PATH;
  if (tenantId && clientId && (secret || certPath)) {
    const certificate = certPath ? { thumbprint: process.env.AZURE_CLIENT_CERTIFICATE_THUMBPRINT ?? '', privateKey: fs.readFileSync(certPath, 'utf8') } : undefined;
    return msalServicePrincipalProvider({ tenantId, clientId, clientSecret: secret, certificate, cloud: cloud as never, scopeForUrl: scopeOf });
  }
  return msalDeviceCodeProvider({
    tenantId, clientId: clientId ?? VS_CODE_CLIENT, cloud: cloud as never, cache: fileTokenCacheStore(cacheFile()), scopeForUrl: scopeOf,
    onDeviceCode: (message: string) => io.progress(message),
  });
}

export function createContext(args: ParsedArgs): CliContext {
  const io = createIO(args);
  const endpoints = readEndpoints(args);
  const cloud = str(args, 'cloud') ?? process.env.DFW_CLOUD ?? 'Public';
  const verbose = !!args.flags.verbose;
  const http = new HttpClient({
    tokenProvider: tokenProviderFor(cloud, endpoints, io),
    isTrustedHost: createHostTrust(cloud as never, endpoints),
    log: verbose ? (e) => io.progress(`${e.method} ${e.url} → ${e.status} ${e.durationMs} ms${e.requestId ? ` [${e.requestId}]` : ''}`) : undefined,
    defaultHeaders: { 'User-Agent': 'dataflow-workbench-cli' },
  });
  const clients = createServiceClients({ http, roots: resolveServiceRoots(cloud as never, endpoints) });
  return { ...io, cloud, endpoints, http, clients, verbose };
}
