// Power BI Gen1 dataflow: model.json text ⇄ { mashup.pq, model.json }.
//   mashup.pq  = the `pbi:mashup.document` section document exactly as stored (line endings kept);
//   model.json = everything else, pretty-printed, with the document field removed.
// encode() edits the original text in place (see jsonRewrite), so decode → encode with no edits
// returns the original byte for byte, and an edit to the M changes only the document string.
import { rewriteJson } from './jsonRewrite';
import { isPlainObject, parseJsonStrict, prettyJson, stripBom } from './jsonText';
import { DefinitionCodecError, fileText, textFile, type DefinitionCodec, type VirtualFile } from './types';

export const MASHUP_FILE = 'mashup.pq';
export const MODEL_FILE = 'model.json';

type JsonObject = Record<string, unknown>;

function parseModel(text: string, path: string): JsonObject {
  const v = parseJsonStrict(text, path);
  if (!isPlainObject(v)) throw new DefinitionCodecError(`${path} must hold a JSON object.`, path);
  return v;
}

function mashupOf(model: JsonObject): JsonObject | undefined {
  const m = model['pbi:mashup'];
  return isPlainObject(m) ? m : undefined;
}

/** The model without `pbi:mashup.document`, key order kept. */
function withoutDocument(model: JsonObject): JsonObject {
  const mashup = mashupOf(model);
  if (!mashup || typeof mashup.document !== 'string') return model;
  const rest: JsonObject = {};
  for (const k of Object.keys(mashup)) if (k !== 'document') rest[k] = mashup[k];
  const out: JsonObject = {};
  for (const k of Object.keys(model)) out[k] = k === 'pbi:mashup' ? rest : model[k];
  return out;
}

export function decodeModelJson(modelJson: string): VirtualFile[] {
  const model = parseModel(modelJson, MODEL_FILE);
  const doc = mashupOf(model)?.document;
  return [
    textFile(MASHUP_FILE, typeof doc === 'string' ? doc : '', 'powerquery'),
    textFile(MODEL_FILE, prettyJson(withoutDocument(model)), 'json'),
  ];
}

/**
 * Puts `document` into the model's pbi:mashup right after key `after` (null: first), falling back
 * to after queriesMetadata, else last.
 */
function withDocument(model: JsonObject, document: string, after: string | null | undefined): JsonObject {
  const mashup = mashupOf(model) ?? {};
  const keys = Object.keys(mashup);
  const anchor = after === null ? null : after !== undefined && keys.includes(after) ? after : keys.includes('queriesMetadata') ? 'queriesMetadata' : keys[keys.length - 1];
  const nextMashup: JsonObject = {};
  if (anchor === null || anchor === undefined) nextMashup.document = document;
  for (const k of keys) {
    nextMashup[k] = mashup[k];
    if (k === anchor) nextMashup.document = document;
  }
  const out: JsonObject = {};
  for (const k of Object.keys(model)) out[k] = k === 'pbi:mashup' ? nextMashup : model[k];
  if (!('pbi:mashup' in out)) out['pbi:mashup'] = nextMashup;
  return out;
}

/**
 * Rebuilds model.json from the files. With `original`, unchanged parts keep their exact bytes and
 * changed values are written in the original's style; without it, model.json's own text is the base.
 */
export function encodeModelJson(files: readonly VirtualFile[], original?: string): string {
  const metaText = fileText(files, MODEL_FILE);
  if (metaText === undefined) throw new DefinitionCodecError(`${MODEL_FILE} is missing: a Gen1 dataflow needs both ${MODEL_FILE} and ${MASHUP_FILE}.`, MODEL_FILE);
  const meta = parseModel(metaText, MODEL_FILE);
  if (typeof mashupOf(meta)?.document === 'string') {
    throw new DefinitionCodecError(`${MODEL_FILE} must not contain "pbi:mashup" → "document": the M lives in ${MASHUP_FILE}. Move your change there and delete the field.`, MODEL_FILE);
  }
  const mashup = fileText(files, MASHUP_FILE);
  const previous = original === undefined ? undefined : parseModel(original, 'the original model.json');
  const prevMashup = previous && mashupOf(previous);
  const hadDocument = typeof prevMashup?.document === 'string';
  if (mashup === undefined && hadDocument) throw new DefinitionCodecError(`${MASHUP_FILE} is missing: it holds the dataflow's queries.`, MASHUP_FILE);
  const keepDocument = mashup !== undefined && (hadDocument || mashup.length > 0);
  let after: string | null | undefined;
  if (prevMashup && hadDocument) {
    const keys = Object.keys(prevMashup);
    const at = keys.indexOf('document');
    after = at > 0 ? keys[at - 1] : null;
  }
  const next = keepDocument ? withDocument(meta, mashup, after) : meta;
  if (original === undefined) return rewriteJson(stripBom(metaText), next, meta);
  return rewriteJson(original, next, previous);
}

export const dataflowGen1Codec: DefinitionCodec<string> = {
  kind: 'dataflow',
  decode: decodeModelJson,
  encode: encodeModelJson,
};
