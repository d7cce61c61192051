// Fabric item definitions: `{format?, parts:[{path, payload, payloadType:"InlineBase64"}]}` ⇄ one
// virtual file per part, holding the part's exact bytes (text or binary alike). encode keeps the
// original part order and reuses the original payload string for unchanged parts, so an unedited
// definition comes back identical even if the service's base64 was not canonical.
import { isSafeRelativePath } from './paths';
import { bytesEqual, DefinitionCodecError, type DefinitionCodec, type FabricDefinitionSource, type VirtualFile } from './types';

const INLINE = 'InlineBase64';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const LANGUAGES: [RegExp, string][] = [
  [/\.(pq|pqm|m)$/i, 'powerquery'], [/\.(json|pbism|pbir|pbip|bim|platform|ipynb)$/i, 'json'], [/(^|\/)\.platform$/, 'json'],
  [/\.py$/i, 'python'], [/\.sql$/i, 'sql'], [/\.kql$/i, 'kusto'], [/\.(tmdl|dax)$/i, 'tmdl'], [/\.ya?ml$/i, 'yaml'], [/\.md$/i, 'markdown'],
  [/\.(scala)$/i, 'scala'], [/\.r$/i, 'r'], [/\.xml$/i, 'xml'], [/\.txt$/i, 'plaintext'],
];

/** Language id for a part path, or undefined for unknown or binary-looking files. */
export function languageForPath(path: string): string | undefined {
  return LANGUAGES.find(([re]) => re.test(path))?.[1];
}

function checkPath(path: unknown, seen: Set<string>, what: string): string {
  if (typeof path !== 'string' || !isSafeRelativePath(path)) {
    throw new DefinitionCodecError(`${what} path ${JSON.stringify(path)} is not a safe relative path (no "..", "." or empty segments, no "\\", no leading "/").`, typeof path === 'string' ? path : undefined);
  }
  if (seen.has(path)) throw new DefinitionCodecError(`${what} "${path}" appears twice.`, path);
  seen.add(path);
  return path;
}

/** Decodes standard (not URL-safe) padded base64, or throws naming the part. */
export function decodeBase64Payload(path: string, payload: unknown): Uint8Array {
  if (typeof payload !== 'string' || payload.length % 4 !== 0 || !BASE64.test(payload)) {
    const hint = typeof payload === 'string' && /[-_]/.test(payload) ? ' It looks like URL-safe base64; Fabric uses the standard alphabet (+ and /).' : '';
    throw new DefinitionCodecError(`Part "${path}" has a payload that is not valid base64.${hint}`, path);
  }
  const buf = Buffer.from(payload, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function decodeFabricDefinition(definition: FabricDefinitionSource): VirtualFile[] {
  if (!definition || !Array.isArray(definition.parts)) throw new DefinitionCodecError('The item definition has no "parts" array.');
  const seen = new Set<string>();
  return definition.parts.map((part) => {
    const path = checkPath(part?.path, seen, 'Part');
    if (part.payloadType !== INLINE) {
      throw new DefinitionCodecError(`Part "${path}" has payloadType ${JSON.stringify(part.payloadType)}; only "${INLINE}" is supported.`, path);
    }
    const content = decodeBase64Payload(path, part.payload);
    const language = languageForPath(path);
    return language ? { path, content, language } : { path, content };
  });
}

/**
 * Parts in the original's order (files that no longer exist are dropped), then new files in the
 * order given. `format` is the original's unless `options.format` overrides it.
 */
export function encodeFabricDefinition(files: readonly VirtualFile[], original?: FabricDefinitionSource, options: { format?: string } = {}): FabricDefinitionSource {
  const seen = new Set<string>();
  for (const f of files) checkPath(f.path, seen, 'File');
  const byPath = new Map(files.map((f) => [f.path, f]));
  const originalParts = new Map((original?.parts ?? []).map((p) => [p.path, p]));
  const ordered = [
    ...(original?.parts ?? []).map((p) => byPath.get(p.path)).filter((f): f is VirtualFile => !!f),
    ...files.filter((f) => !originalParts.has(f.path)),
  ];
  const parts = ordered.map((f) => {
    const before = originalParts.get(f.path);
    let payload: string | undefined;
    if (before && before.payloadType === INLINE && typeof before.payload === 'string') {
      try { if (bytesEqual(decodeBase64Payload(f.path, before.payload), f.content)) payload = before.payload; } catch { /* re-encode below */ }
    }
    return { path: f.path, payload: payload ?? Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength).toString('base64'), payloadType: INLINE };
  });
  const format = options.format ?? original?.format;
  return format === undefined ? { parts } : { format, parts };
}

export const fabricCodec: DefinitionCodec<FabricDefinitionSource> = {
  kind: 'fabric',
  decode: decodeFabricDefinition,
  encode: (files, original) => encodeFabricDefinition(files, original),
};
