// Power Automate cloud flow: the Dataverse `workflows.clientdata` string ⇄ files.
//   definition.json = `properties` pretty-printed: definition, connectionReferences and any other
//                     keys of properties (templateName, apiId, …), in their original order;
//   clientdata.json = the other top-level keys (e.g. schemaVersion; name/id/type in the legacy
//                     package format), only when there are any.
// encode returns the original string when the decoded value did not change (whatever the files'
// formatting); otherwise it edits the original in place: equal value, original key order, and
// the original's formatting for everything that did not change.
import { rewriteJson } from './jsonRewrite';
import { isPlainObject, jsonEqual, parseJsonStrict, prettyJson, stripBom } from './jsonText';
import { DefinitionCodecError, fileText, textFile, type DefinitionCodec, type VirtualFile } from './types';

export const FLOW_DEFINITION_FILE = 'definition.json';
export const FLOW_ENVELOPE_FILE = 'clientdata.json';

type JsonObject = Record<string, unknown>;

function parseObject(text: string, path: string): JsonObject {
  const v = parseJsonStrict(text, path);
  if (!isPlainObject(v)) throw new DefinitionCodecError(`${path} must hold a JSON object.`, path);
  return v;
}

export function decodeClientData(clientdata: string): VirtualFile[] {
  const value = parseObject(clientdata, 'clientdata');
  const properties = value.properties ?? {};
  if (!isPlainObject(properties)) throw new DefinitionCodecError('clientdata "properties" must be a JSON object.');
  const files = [textFile(FLOW_DEFINITION_FILE, prettyJson(properties), 'json')];
  const envelope: JsonObject = {};
  for (const k of Object.keys(value)) if (k !== 'properties') envelope[k] = value[k];
  if (Object.keys(envelope).length) files.push(textFile(FLOW_ENVELOPE_FILE, prettyJson(envelope), 'json'));
  return files;
}

/**
 * Without `original` the result is compact JSON (the wire form) with `properties` first. A missing
 * clientdata.json keeps the original's top-level keys; a present one replaces them.
 */
export function encodeClientData(files: readonly VirtualFile[], original?: string): string {
  const defText = fileText(files, FLOW_DEFINITION_FILE);
  if (defText === undefined) throw new DefinitionCodecError(`${FLOW_DEFINITION_FILE} is missing: it holds the flow's definition and connection references.`, FLOW_DEFINITION_FILE);
  const properties = parseObject(defText, FLOW_DEFINITION_FILE);
  const envText = fileText(files, FLOW_ENVELOPE_FILE);
  const envelope = envText === undefined ? undefined : parseObject(envText, FLOW_ENVELOPE_FILE);
  if (envelope && 'properties' in envelope) {
    throw new DefinitionCodecError(`${FLOW_ENVELOPE_FILE} must not contain "properties": edit ${FLOW_DEFINITION_FILE} instead.`, FLOW_ENVELOPE_FILE);
  }
  if (original === undefined) return JSON.stringify({ properties, ...(envelope ?? {}) });
  const previous = parseObject(original, 'the original clientdata');
  const next: JsonObject = {};
  for (const k of Object.keys(previous)) {
    if (k === 'properties') next[k] = properties;
    else if (!envelope) next[k] = previous[k];
    else if (Object.prototype.hasOwnProperty.call(envelope, k)) next[k] = envelope[k];
  }
  for (const k of Object.keys(envelope ?? {})) if (!Object.prototype.hasOwnProperty.call(next, k)) next[k] = envelope![k];
  if (!('properties' in previous) && Object.keys(properties).length) next.properties = properties;
  if (jsonEqual(previous, next)) return original;
  return rewriteJson(original, next, previous);
}

/** The flow's parsed clientdata value (BOM tolerated), for callers that need fields such as triggers. */
export function parseClientData(clientdata: string): JsonObject {
  return parseObject(stripBom(clientdata), 'clientdata');
}

export const flowCodec: DefinitionCodec<string> = {
  kind: 'flow',
  decode: decodeClientData,
  encode: encodeClientData,
};
