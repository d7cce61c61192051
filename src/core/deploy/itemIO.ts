// Reads and writes item definitions as decoded text files for deployment, through the service
// clients. Gen1: model.json ⇄ {mashup.pq, model.json}; Fabric: parts ⇄ files; flows:
// clientdata ⇄ definition.json.
import { decodeModelJson, encodeModelJson, decodeClientData as decodeFlow, encodeClientData as encodeFlow, type VirtualFile } from '../definitions';
import type { ServiceClients } from '../api';
import type { FabricDefinition } from '../api/types';

export interface DecodedDefinition {
  files: Record<string, string>;
  /** Parts that are not UTF-8 text, passed through as base64. */
  binary?: Record<string, string>;
}

const toRecord = (files: readonly VirtualFile[]): Record<string, string> => Object.fromEntries(files.map((f) => [f.path, Buffer.from(f.content).toString('utf8')]));
const toVirtual = (files: Record<string, string>): VirtualFile[] => Object.entries(files).map(([path, text]) => ({ path, content: Buffer.from(text, 'utf8') }));

/** Splits a model.json into mashup.pq (the M, exactly as stored) and model.json (the rest). */
export function splitModelJson(text: string): DecodedDefinition {
  return { files: toRecord(decodeModelJson(text)) };
}

/**
 * Rebuilds a model.json from the two files. With the original export, unchanged parts keep their
 * exact bytes and only what changed is rewritten in the original's style (see core/definitions).
 */
export function joinModelJson(files: Record<string, string>, original?: string): string {
  return encodeModelJson(toVirtual(files), original);
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
  return { files: toRecord(decodeFlow(clientdata)) };
}

/** With the original clientdata, an unchanged value returns the original string exactly. */
export function encodeClientData(d: DecodedDefinition, original?: string): string {
  return encodeFlow(toVirtual(d.files), original);
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
