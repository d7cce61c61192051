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

const KEYS = ['powerbi', 'fabric', 'dataverse', 'discovery', 'token'];

/**
 * Reads endpoint overrides from a JSON string or a path to a JSON file, as printed by the
 * sandbox. Throws an Error that says what to fix.
 */
export function parseEndpointOverrides(input: string): EndpointOverrides {
  const text = input.trim();
  let raw: string;
  if (text.startsWith('{')) raw = text;
  else {
    try { raw = fs.readFileSync(text, 'utf8'); } catch {
      throw new Error(`Endpoint overrides: "${text}" is neither JSON nor a readable file. Pass the JSON line the sandbox prints, or a file holding it.`);
    }
  }
  let value: unknown;
  try { value = JSON.parse(raw.replace(/^\uFEFF/, '').trim().split('\n')[0]); } catch (err) {
    throw new Error(`Endpoint overrides are not valid JSON (${(err as Error).message}). Expected {"powerbi": URL, "fabric": URL, "dataverse": URL, "token": "..."}.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('Endpoint overrides must be a JSON object.');
  const out: EndpointOverrides = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!KEYS.includes(k)) throw new Error(`Endpoint overrides: unknown key "${k}". Allowed: ${KEYS.join(', ')}.`);
    if (typeof v !== 'string' || !v) throw new Error(`Endpoint overrides: "${k}" must be a non-empty string.`);
    if (k !== 'token') {
      let u: URL;
      try { u = new URL(v); } catch { throw new Error(`Endpoint overrides: "${k}" is not a URL: ${v}`); }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Endpoint overrides: "${k}" must be http or https.`);
    }
    (out as Record<string, string>)[k] = v.replace(/\/+$/, '');
  }
  return out;
}

export interface ServiceRoots { powerbi: string; fabric: string; dataverse?: string; discovery: string }

/** The roots every client is built from: overrides where given, else the cloud's table. */
export function resolveServiceRoots(cloud: CloudName | string, overrides?: EndpointOverrides): ServiceRoots {
  const c = cloudConfig(cloud);
  return {
    powerbi: overrides?.powerbi ?? c.powerbiApi,
    fabric: overrides?.fabric ?? c.fabricApi,
    dataverse: overrides?.dataverse,
    discovery: overrides?.discovery ?? (overrides?.dataverse ? '' : c.discoveryUrl),
  };
}
