// The one shape for pointing the product at non-default endpoints (the sandbox, a local test
// server). The sandbox prints exactly this shape; the setting `dataflowWorkbench.endpoints`, the
// CLI flag `--endpoints FILE|JSON` and the environment variable DFW_ENDPOINTS all take it.
export interface EndpointOverrides {
  /** e.g. http://127.0.0.1:P/powerbi/v1.0/myorg */
  powerbi?: string;
  /** e.g. http://127.0.0.1:P/fabric/v1 */
  fabric?: string;
  /** Web API root of one Dataverse environment, e.g. http://127.0.0.1:P/dataverse/contoso-dev/api/data/v9.2 */
  dataverse?: string;
  /** Global Discovery "Instances" URL; lists further Dataverse environments. */
  discovery?: string;
  /** Static bearer token sent instead of signing in (the sandbox's random token). */
  token?: string;
}

import * as fs from 'node:fs';
import { cloudConfig, type CloudName } from './auth/clouds';
import { jsonProblems } from './definitions/jsonText';

const URL_KEYS = ['powerbi', 'fabric', 'dataverse', 'discovery'] as const;
const KEYS: readonly string[] = [...URL_KEYS, 'token'];
const SHAPE = '{"powerbi": URL, "fabric": URL, "dataverse": URL, "discovery": URL, "token": "…"}';

/** The JSON text of the input: the input itself when it looks like JSON, else the file it names. */
function readSource(input: string): { text: string; from: string } {
  const trimmed = input.trim();
  if (!trimmed) throw new Error(`Endpoint overrides are empty. Pass the JSON line the sandbox prints, ${SHAPE}, or a path to a file holding it.`);
  if (/^[[{]/.test(trimmed)) return { text: trimmed, from: 'the given JSON' };
  try {
    return { text: fs.readFileSync(trimmed, 'utf8').replace(/^\uFEFF/, ''), from: trimmed };
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new Error(`Endpoint overrides: "${trimmed}" is neither JSON (it does not start with "{") nor a readable file (${why}). Pass the JSON line the sandbox prints, or a path to a file holding it.`);
  }
}

/** Parses the whole text, or else its first line that is a JSON object (sandbox output saved to a file). */
function parseObject(text: string, from: string): unknown {
  try { return JSON.parse(text); } catch (whole) {
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim().startsWith('{')) continue;
      try { return JSON.parse(line); } catch { /* keep looking */ }
    }
    const [first] = jsonProblems(text, from);
    const where = first?.line ? ` at line ${first.line}, column ${first.column}` : '';
    throw new Error(`Endpoint overrides in ${from} are not valid JSON${where} (${(whole as Error).message}). Expected ${SHAPE}.`);
  }
}

/**
 * Reads endpoint overrides from a JSON string or a path to a JSON file, as printed by the
 * sandbox. Only the known keys are accepted; URLs must be absolute http(s) without credentials,
 * query or fragment. Throws an Error that says what to fix.
 */
export function parseEndpointOverrides(input: string): EndpointOverrides {
  const { text, from } = readSource(input);
  return endpointOverridesFromValue(parseObject(text, from), from);
}

/**
 * Checks an already-parsed overrides value (the `dataflowWorkbench.endpoints` setting arrives as
 * an object). `from` names where it came from in messages; `key` prefixes each key, e.g.
 * `dataflowWorkbench.endpoints.` so a message names the exact setting to fix.
 */
export function endpointOverridesFromValue(value: unknown, from: string, key = ''): EndpointOverrides {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`Endpoint overrides in ${from} must be a JSON object like ${SHAPE}.`);
  const out: EndpointOverrides = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!KEYS.includes(k)) throw new Error(`Endpoint overrides: unknown key "${key}${k}". Allowed keys: ${KEYS.join(', ')}.`);
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string') throw new Error(`Endpoint overrides: "${key}${k}" must be a string, not ${Array.isArray(v) ? 'an array' : typeof v}.`);
    if (k === 'token') { out.token = v.trim(); continue; }
    let u: URL;
    try { u = new URL(v.trim()); } catch { throw new Error(`Endpoint overrides: "${key}${k}" is not an absolute URL: "${v}". Write it like http://127.0.0.1:5123/powerbi/v1.0/myorg.`); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Endpoint overrides: "${key}${k}" must use http or https, not ${u.protocol.replace(/:$/, '')}.`);
    if (u.username || u.password) throw new Error(`Endpoint overrides: "${key}${k}" must not contain a user name or password; put a bearer token in "token" instead.`);
    if (u.search || u.hash) throw new Error(`Endpoint overrides: "${key}${k}" must be a root URL without "?…" or "#…".`);
    out[k as (typeof URL_KEYS)[number]] = u.toString().replace(/\/+$/, '');
  }
  if (out.token && !URL_KEYS.some((k) => out[k])) throw new Error('Endpoint overrides: a "token" needs at least one endpoint URL to be sent to (powerbi, fabric, dataverse or discovery).');
  return out;
}

export interface ServiceRoots { powerbi: string; fabric: string; dataverse?: string; discovery: string }

/**
 * The roots every client is built from: overrides where given, else the cloud's table. When the
 * overrides name a Dataverse environment but no discovery URL, discovery is '' (none): the real
 * Global Discovery would list environments the overridden setup cannot reach.
 */
export function resolveServiceRoots(cloud: CloudName | string, overrides?: EndpointOverrides): ServiceRoots {
  const c = cloudConfig(cloud);
  const strip = (u: string | undefined) => u?.replace(/\/+$/, '') || undefined;
  return {
    powerbi: strip(overrides?.powerbi) ?? c.powerbiApi,
    fabric: strip(overrides?.fabric) ?? c.fabricApi,
    dataverse: strip(overrides?.dataverse),
    discovery: strip(overrides?.discovery) ?? (overrides?.dataverse ? '' : c.discoveryUrl),
  };
}
