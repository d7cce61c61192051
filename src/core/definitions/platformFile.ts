// The `.platform` part every Fabric item carries (Git-integration metadata). Reading is lenient;
// patching edits the text in place so the rest of the file keeps its bytes.
import { rewriteJson } from './jsonRewrite';
import { isPlainObject, parseJsonStrict } from './jsonText';
import { DefinitionCodecError, utf8Text } from './types';

export const PLATFORM_FILE = '.platform';
export const PLATFORM_SCHEMA = 'https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json';

export interface PlatformMetadata {
  type?: string;
  displayName?: string;
  description?: string;
  logicalId?: string;
}

const asText = (content: Uint8Array | string) => (typeof content === 'string' ? content : utf8Text(content));
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Metadata from a `.platform` file; throws a DefinitionCodecError (with line:col) on invalid JSON. */
export function readPlatform(content: Uint8Array | string): PlatformMetadata {
  const v = parseJsonStrict(asText(content), PLATFORM_FILE);
  const metadata = isPlainObject(v) && isPlainObject(v.metadata) ? v.metadata : {};
  const config = isPlainObject(v) && isPlainObject(v.config) ? v.config : {};
  const out: PlatformMetadata = {};
  const set = (k: keyof PlatformMetadata, val: string | undefined) => { if (val !== undefined) out[k] = val; };
  set('type', str(metadata.type));
  set('displayName', str(metadata.displayName));
  set('description', str(metadata.description));
  set('logicalId', str(config.logicalId));
  return out;
}

/** Sets displayName/description (under `metadata`) and logicalId (under `config`); other bytes are kept. */
export function patchPlatform(content: Uint8Array | string, patch: Omit<PlatformMetadata, 'type'>): string {
  const text = asText(content);
  const v = parseJsonStrict(text, PLATFORM_FILE);
  if (!isPlainObject(v)) throw new DefinitionCodecError(`${PLATFORM_FILE} must hold a JSON object.`, PLATFORM_FILE);
  const metadata = { ...(isPlainObject(v.metadata) ? v.metadata : {}) };
  const config = { ...(isPlainObject(v.config) ? v.config : {}) };
  if (patch.displayName !== undefined) metadata.displayName = patch.displayName;
  if (patch.description !== undefined) metadata.description = patch.description;
  if (patch.logicalId !== undefined) config.logicalId = patch.logicalId;
  const next: Record<string, unknown> = { ...v, metadata };
  if (patch.logicalId !== undefined || 'config' in v) next.config = config;
  return rewriteJson(text, next, v);
}

/** A new `.platform` in the layout Fabric Git integration writes (2-space JSON, no trailing newline). */
export function createPlatform(meta: Required<Pick<PlatformMetadata, 'type' | 'displayName' | 'logicalId'>> & { description?: string }): string {
  const metadata: Record<string, string> = { type: meta.type, displayName: meta.displayName };
  if (meta.description !== undefined) metadata.description = meta.description;
  return JSON.stringify({ $schema: PLATFORM_SCHEMA, metadata, config: { version: '2.0', logicalId: meta.logicalId } }, null, 2);
}
