// Reads and writes item definitions as decoded text files for deployment, through the service
// clients. Gen1: model.json ⇄ {mashup.pq, model.json}; Fabric: parts ⇄ files; flows:
// clientdata ⇄ definition.json.
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import type { ServiceClients } from '../api';
import type { FabricDefinition } from '../api/types';

export interface DecodedDefinition {
  files: Record<string, string>;
  /** Parts that are not UTF-8 text, passed through as base64. */
  binary?: Record<string, string>;
}

/** Splits a model.json into the M document and the rest (document removed). */
export function splitModelJson(text: string): DecodedDefinition {
  const doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  const mashup: string = doc?.['pbi:mashup']?.document ?? '';
  const rest = applyEdits(text.replace(/^\uFEFF/, ''), modify(text.replace(/^\uFEFF/, ''), ['pbi:mashup', 'document'], undefined, {}));
  return { files: { 'mashup.pq': mashup, 'model.json': JSON.stringify(JSON.parse(rest), null, 2) + '\n' } };
}

/**
 * Rebuilds a model.json from the two files (the document goes back under pbi:mashup). With the
 * original export, an unchanged model.json keeps the original bytes exactly (BOM, indentation,
 * escapes) and only the document string is spliced in: decode then encode is the identity.
 */
export function joinModelJson(files: Record<string, string>, original?: string): string {
  if (original !== undefined && splitModelJson(original).files['model.json'] === files['model.json']) {
    const body = original.replace(/^\uFEFF/, '');
    const bom = original.length - body.length ? '\uFEFF' : '';
    const node = findNodeAtLocation(parseTree(body)!, ['pbi:mashup', 'document']);
    if (node && node.type === 'string') {
      const oldText = body.slice(node.offset, node.offset + node.length);
      if (JSON.parse(oldText) === files['mashup.pq']) return original;
      return bom + body.slice(0, node.offset) + JSON.stringify(files['mashup.pq']) + body.slice(node.offset + node.length);
    }
  }
  const base = files['model.json'];
  return applyEdits(base, modify(base, ['pbi:mashup', 'document'], files['mashup.pq'] ?? '', { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

function isText(buf: Buffer): boolean {
  const s = buf.toString('utf8');
  return Buffer.from(s, 'utf8').equals(buf) && !s.includes('\u0000');
}

export function decodeParts(def: FabricDefinition): DecodedDefinition {
  const files: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const p of def.parts) {
    const buf = Buffer.from(p.payload, 'base64');
    if (isText(buf)) files[p.path] = buf.toString('utf8');
    else binary[p.path] = p.payload;
  }
  return { files, binary };
}

export function encodeParts(d: DecodedDefinition, format?: string): FabricDefinition {
  const parts = [
    ...Object.entries(d.files).map(([path, text]) => ({ path, payload: Buffer.from(text, 'utf8').toString('base64'), payloadType: 'InlineBase64' })),
    ...Object.entries(d.binary ?? {}).map(([path, payload]) => ({ path, payload, payloadType: 'InlineBase64' })),
  ];
  return { ...(format ? { format } : {}), parts };
}

export function decodeClientData(clientdata: string): DecodedDefinition {
  return { files: { 'definition.json': JSON.stringify(JSON.parse(clientdata), null, 2) + '\n' } };
}

/** With the original clientdata, an unchanged value returns the original string exactly. */
export function encodeClientData(d: DecodedDefinition, original?: string): string {
  const value = JSON.parse(d.files['definition.json']);
  if (original !== undefined) {
    try { if (JSON.stringify(JSON.parse(original.replace(/^\uFEFF/, ''))) === JSON.stringify(value)) return original; } catch { /* not JSON: re-encode */ }
  }
  return JSON.stringify(value);
}

export async function readDataflow(c: ServiceClients, workspaceId: string, id: string, signal?: AbortSignal): Promise<DecodedDefinition & { raw: string }> {
  const raw = await c.powerbi.exportDataflow(workspaceId, id, { signal });
  return { ...splitModelJson(raw), raw };
}

export async function readFabricItem(c: ServiceClients, workspaceId: string, id: string, signal?: AbortSignal): Promise<DecodedDefinition & { format?: string }> {
  const def = await c.fabric.getDefinition(workspaceId, id, { signal });
  return { ...decodeParts(def), format: def.format };
}

export async function readFlow(c: ServiceClients, webApiUrl: string, id: string, signal?: AbortSignal): Promise<DecodedDefinition & { etag?: string; statecode?: number; raw: string }> {
  const f = await c.dataverse(webApiUrl).getFlow(id, { signal });
  return { ...decodeClientData(f.clientdata ?? '{}'), etag: f['@odata.etag'], statecode: f.statecode, raw: f.clientdata ?? '' };
}
