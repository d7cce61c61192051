// Push-time preparation of a Gen1 model.json for the Power BI import API. Partitions are stripped
// here and not at read time, so the files the user sees are what the service returned.
import { rewriteJson } from './jsonRewrite';
import { isPlainObject, parseJsonStrict } from './jsonText';
import { DefinitionCodecError } from './types';

export interface PreparedImport {
  /** The model.json to upload, formatted like the input. */
  text: string;
  /** Human-readable list of what was changed, empty when nothing needed to change. */
  removed: string[];
}

/**
 * Removes `entities[].partitions` (they point at the source dataflow's storage snapshots; Microsoft's
 * DFUtils `PrepareForImport` does the same) and sets `pbi:mashup.allowNativeQueries` to false
 * (imports with it on are known to fail).
 */
export function prepareForImport(modelJson: string): PreparedImport {
  const model = parseJsonStrict(modelJson, 'model.json');
  if (!isPlainObject(model)) throw new DefinitionCodecError('model.json must hold a JSON object.', 'model.json');
  const removed: string[] = [];
  const next: Record<string, unknown> = { ...model };
  if (Array.isArray(model.entities)) {
    next.entities = model.entities.map((e, i) => {
      if (!isPlainObject(e) || !('partitions' in e)) return e;
      const { partitions, ...rest } = e;
      const count = Array.isArray(partitions) ? partitions.length : 0;
      removed.push(`entities[${i}].partitions of "${String(e.name ?? i)}" (${count} partition${count === 1 ? '' : 's'})`);
      return rest;
    });
  }
  const mashup = model['pbi:mashup'];
  if (isPlainObject(mashup) && mashup.allowNativeQueries !== false) {
    const was = 'allowNativeQueries' in mashup ? JSON.stringify(mashup.allowNativeQueries) : 'absent';
    next['pbi:mashup'] = { ...mashup, allowNativeQueries: false };
    removed.push(`pbi:mashup.allowNativeQueries set to false (was ${was})`);
  }
  return { text: removed.length ? rewriteJson(modelJson, next, model) : modelJson, removed };
}
