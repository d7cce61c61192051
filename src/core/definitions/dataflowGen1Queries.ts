// Keeps a Gen1 dataflow's query list consistent across its two files: the shared members of
// mashup.pq versus `pbi:mashup.queriesMetadata` and the LocalEntities in model.json. Renaming or
// adding a query in the M alone makes the import fail or lose settings, so it is a validation
// error; syncQueriesMetadata proposes the model.json edit for the user to accept.
import { randomUUID } from 'node:crypto';
import { MASHUP_FILE, MODEL_FILE } from './dataflowGen1Codec';
import { rewriteJson } from './jsonRewrite';
import { isPlainObject, parseJsonStrict } from './jsonText';
import { scanSharedQueries } from './mSharedScanner';
import { DefinitionCodecError, fileText, type DefinitionProblem, type VirtualFile } from './types';

type JsonObject = Record<string, unknown>;

interface QueryAnalysis {
  model: JsonObject;
  modelText: string;
  metadata: JsonObject;
  docNames: string[];
  duplicates: string[];
  renamed: [from: string, to: string][];
  added: string[];
  stale: string[];
  orphanEntities: string[];
}

const SYNC_HINT = 'Sync the query metadata into model.json';

function analyse(files: readonly VirtualFile[]): QueryAnalysis {
  const modelText = fileText(files, MODEL_FILE);
  if (modelText === undefined) throw new DefinitionCodecError(`${MODEL_FILE} is missing.`, MODEL_FILE);
  const model = parseJsonStrict(modelText, MODEL_FILE);
  if (!isPlainObject(model)) throw new DefinitionCodecError(`${MODEL_FILE} must hold a JSON object.`, MODEL_FILE);
  const mashup = isPlainObject(model['pbi:mashup']) ? model['pbi:mashup'] : {};
  const metadata = isPlainObject(mashup.queriesMetadata) ? mashup.queriesMetadata : {};
  const shared = scanSharedQueries(fileText(files, MASHUP_FILE) ?? '');
  const docNames: string[] = [];
  const duplicates: string[] = [];
  for (const q of shared) (docNames.includes(q.name) ? duplicates : docNames).push(q.name);
  const entities = Array.isArray(model.entities) ? model.entities.filter(isPlainObject) : [];
  const linked = new Set(entities.filter((e) => e.$type === 'ReferenceEntity').map((e) => String(e.name)));
  const inDoc = new Set(docNames);
  const added = docNames.filter((n) => !Object.prototype.hasOwnProperty.call(metadata, n));
  const missing = Object.keys(metadata).filter((n) => !inDoc.has(n) && !linked.has(n));
  const pairs = Math.min(added.length, missing.length);
  const renamed = Array.from({ length: pairs }, (_, i): [string, string] => [missing[i], added[i]]);
  const staleOrRenamed = new Set(missing);
  const orphanEntities = entities
    .filter((e) => e.$type !== 'ReferenceEntity' && typeof e.name === 'string' && !inDoc.has(e.name) && !staleOrRenamed.has(e.name))
    .map((e) => String(e.name));
  return { model, modelText, metadata, docNames, duplicates, renamed, added: added.slice(pairs), stale: missing.slice(pairs), orphanEntities };
}

/** Problems between mashup.pq and model.json; each message names the query and says what to do. */
export function checkQueriesConsistency(files: readonly VirtualFile[]): DefinitionProblem[] {
  const a = analyse(files);
  const problems: DefinitionProblem[] = [];
  const err = (query: string, path: string, message: string) => problems.push({ severity: 'error', query, path, message });
  for (const q of a.duplicates) err(q, MASHUP_FILE, `Query "${q}" is defined more than once in ${MASHUP_FILE}. Rename or remove one of them.`);
  for (const [from, to] of a.renamed) {
    err(to, MASHUP_FILE, `Query "${from}" was renamed to "${to}" in ${MASHUP_FILE}, but ${MODEL_FILE} still lists "${from}" in pbi:mashup.queriesMetadata. ${SYNC_HINT} (it renames the entry and its entity), or rename the query back.`);
  }
  for (const q of a.added) err(q, MASHUP_FILE, `Query "${q}" is new in ${MASHUP_FILE} but has no entry in pbi:mashup.queriesMetadata in ${MODEL_FILE}. ${SYNC_HINT} (it adds one), or remove the query.`);
  for (const q of a.stale) err(q, MODEL_FILE, `${MODEL_FILE} lists query "${q}" in pbi:mashup.queriesMetadata, but ${MASHUP_FILE} has no shared query "${q}". ${SYNC_HINT} (it removes the entry), or restore the query.`);
  for (const q of a.orphanEntities) err(q, MODEL_FILE, `Entity "${q}" in ${MODEL_FILE} has no shared query "${q}" in ${MASHUP_FILE}. ${SYNC_HINT} (it removes the entity), or restore the query.`);
  for (const [key, entry] of Object.entries(a.metadata)) {
    if (isPlainObject(entry) && typeof entry.queryName === 'string' && entry.queryName !== key) {
      problems.push({ severity: 'warning', query: key, path: MODEL_FILE, message: `pbi:mashup.queriesMetadata entry "${key}" has queryName "${entry.queryName}"; they should match. ${SYNC_HINT}.` });
    }
  }
  return problems;
}

export interface QueriesMetadataSync {
  /** Updated model.json (formatted like the input), equal to the input when nothing changes. */
  text: string;
  /** One line per change, for the consent prompt. */
  changes: string[];
}

/**
 * Proposes model.json edits that make it agree with mashup.pq: renames keep the queryId and move
 * the entity; new queries get a new queryId and `loadEnabled: false` (an entity needs a schema the
 * service computes on refresh); stale entries and orphaned LocalEntities are removed.
 */
export function syncQueriesMetadata(files: readonly VirtualFile[], newId: () => string = randomUUID): QueriesMetadataSync {
  const a = analyse(files);
  const changes: string[] = [];
  const renames = new Map(a.renamed);
  const stale = new Set(a.stale);
  const metadata: JsonObject = {};
  for (const [key, entry] of Object.entries(a.metadata)) {
    const to = renames.get(key);
    if (stale.has(key)) { changes.push(`Remove query metadata "${key}" (no such query in ${MASHUP_FILE})`); continue; }
    const name = to ?? key;
    const fixed = isPlainObject(entry) && entry.queryName !== name ? { ...entry, queryName: name } : entry;
    if (to !== undefined) changes.push(`Rename query metadata "${key}" to "${to}" (queryId kept)`);
    else if (fixed !== entry) changes.push(`Set queryName of "${key}" to "${key}"`);
    metadata[name] = fixed;
  }
  for (const q of a.added) {
    metadata[q] = { queryId: newId(), queryName: q, loadEnabled: false };
    changes.push(`Add query metadata "${q}" (new queryId, not loaded until you enable loading in Power BI)`);
  }
  const renamedEntity = new Map(a.renamed);
  const dropEntity = new Set([...a.stale, ...a.orphanEntities]);
  const entities = Array.isArray(a.model.entities) ? a.model.entities : undefined;
  const nextEntities = entities?.flatMap((e) => {
    if (!isPlainObject(e) || e.$type === 'ReferenceEntity' || typeof e.name !== 'string') return [e];
    if (dropEntity.has(e.name)) { changes.push(`Remove entity "${e.name}" (no such query in ${MASHUP_FILE})`); return []; }
    const to = renamedEntity.get(e.name);
    if (to === undefined) return [e];
    changes.push(`Rename entity "${e.name}" to "${to}"`);
    return [{ ...e, name: to }];
  });
  if (!changes.length) return { text: a.modelText, changes };
  const mashup = isPlainObject(a.model['pbi:mashup']) ? a.model['pbi:mashup'] : {};
  const next: JsonObject = { ...a.model, 'pbi:mashup': { ...mashup, queriesMetadata: metadata } };
  if (nextEntities) next.entities = nextEntities;
  return { text: rewriteJson(a.modelText, next, a.model), changes };
}
