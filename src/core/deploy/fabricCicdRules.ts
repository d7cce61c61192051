// A parsed fabric-cicd parameter.yml → our rules for one environment, with fabric-cicd's
// semantics: regex entries replace capture group 1 only, key_value_replace before find_replace,
// `.platform` never touched, `_ALL_` for every environment, dynamic values resolved in the target.
// Unlike fabric-cicd, an entry without a value for the environment is reported, not skipped silently.
import type { Rule, ScopedRule } from './environmentsFile';
import { ParameterFileError, toJsRegex, type EnvValue, type ParameterEntry, type ParameterFile, type YamlPos } from './fabricCicdParameters';

/** What dynamic values resolve against: the target workspace and its items. */
export interface DynamicContext {
  workspaceId?: string;
  workspaceName?: string;
  items: Array<{ id: string; name: string; kind: string }>;
  /** Other workspaces by name (for `$workspace.<name>.$id`), when the file uses them. */
  workspaces?: Array<{ id: string; name: string }>;
}

export interface ParameterRules { rules: Rule[]; warnings: string[] }

const where = (p: YamlPos) => `${p.file}:${p.line}:${p.column}`;
const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** The value an entry has for `environment` (`_ALL_` counts for every environment), if any. */
export function valueFor(entry: ParameterEntry, environment: string): EnvValue | undefined {
  const keys = Object.keys(entry.values);
  const all = keys.length === 1 && keys[0].toLowerCase() === '_all_' ? keys[0] : undefined;
  return entry.values[all ?? environment];
}

type Resolved = { value: string } | { unresolved: string };

/**
 * Resolves a dynamic value. Supported: `$workspace.$id`, `$workspace.$name`, `$workspace.$name_encoded`,
 * `$workspace.<name>.$id`, `$items.<Type>.<Name>.$id` (and the older forms without the second `$`).
 * Anything else starting with `$` is an error naming the entry and its position.
 */
function resolveDynamic(raw: string, entry: ParameterEntry, pos: YamlPos, ctx: DynamicContext | undefined, label: string): Resolved {
  const at = `${entry.section} entry ${entry.index} (${where(pos)})`;
  const bad = (why: string) => new ParameterFileError([{ ...pos, message: `${entry.section} entry ${entry.index}: ${why}` }]);
  if (raw.startsWith('$ENV:')) throw bad(`"${raw}": $ENV: pipeline variables are not supported; put the value in the file or in environments.jsonc.`);
  if (raw === '$workspace.$id' || raw === '$workspace.id') {
    return ctx?.workspaceId ? { value: ctx.workspaceId } : { unresolved: `${at}: ${raw} needs a Fabric or Power BI workspace as the target.` };
  }
  if (raw === '$workspace.$name' || raw === '$workspace.$name_encoded') {
    if (!ctx?.workspaceName) return { unresolved: `${at}: ${raw} needs a workspace as the target.` };
    return { value: raw.endsWith('_encoded') ? encodeURIComponent(ctx.workspaceName).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : ctx.workspaceName };
  }
  if (raw.startsWith('$workspace.')) {
    const rest = raw.slice('$workspace.'.length);
    if (rest.includes('.$items.')) throw bad(`"${raw}": items of another workspace ($workspace.<name>.$items…) are not supported; use the item's id.`);
    const name = rest.replace(/\.\$id$/, '');
    if (!name || name.startsWith('$')) throw bad(`"${raw}" is not a known variable. Use $workspace.$id, $workspace.$name, $workspace.<name>.$id or $items.<Type>.<Name>.$id.`);
    const hit = ctx?.workspaces?.find((w) => w.name === name);
    return hit ? { value: hit.id } : { unresolved: `${at}: ${raw}: no workspace named "${name}" is visible.` };
  }
  if (raw.startsWith('$items.')) {
    const rest = raw.slice('$items.'.length);
    const m = /^([^.]+)\.(.+)\.\$?([A-Za-z]+)$/.exec(rest);
    if (!m) throw bad(`"${raw}" is not a valid $items variable; expected $items.<Type>.<Name>.$id.`);
    const [, type, name, attr] = m;
    if (attr.toLowerCase() !== 'id') throw bad(`"${raw}": the ${attr} attribute is not supported (only $id); put the value in the file.`);
    const kindOk = (k: string) => k === type || (type === 'Dataflow' && k === 'dataflow');
    const hit = ctx?.items.find((i) => kindOk(i.kind) && i.name === name);
    if (hit) return { value: hit.id };
    const near = ctx?.items.find((i) => kindOk(i.kind) && i.name.toLowerCase() === name.toLowerCase());
    return { unresolved: `${at}: ${raw}: ${label} has no ${type} named "${name}"${near ? ` (there is "${near.name}"; names are case-sensitive)` : ''}. Create or deploy it there first, then plan again.` };
  }
  if (raw.startsWith('$')) throw bad(`"${raw}" is not a known variable. Use $workspace.$id, $workspace.$name, $workspace.<name>.$id or $items.<Type>.<Name>.$id.`);
  return { value: raw };
}

/** Workspace names the file's values for `environment` look up with `$workspace.<name>.$id`. */
export function workspaceNamesUsed(file: ParameterFile, environment: string): string[] {
  const names = new Set<string>();
  for (const e of file.entries) {
    const v = valueFor(e, environment)?.value;
    const m = typeof v === 'string' ? /^\$workspace\.(?!\$)(.+?)(?:\.\$id)?$/.exec(v) : null;
    if (m && m[1] !== 'id' && !m[1].includes('.$items.')) names.add(m[1]);
  }
  return [...names];
}

/** The rules of `file` for `environment`, in fabric-cicd's order (key_value_replace first). */
export function parameterRules(file: ParameterFile, environment: string, ctx?: DynamicContext, label = 'the target'): ParameterRules {
  const rules: Rule[] = [];
  const warnings = [...file.notices];
  const ordered = [...file.entries.filter((e) => e.section === 'key_value_replace'), ...file.entries.filter((e) => e.section === 'find_replace')];
  for (const e of ordered) {
    const v = valueFor(e, environment);
    if (!v) {
      warnings.push(`${where(e.pos)}: ${e.section} entry ${e.index} ("${short(e.find)}") has no value for ${environment}; skipped.`);
      continue;
    }
    const scope: ScopedRule = { excludeFiles: ['.platform'], origin: `${where(e.pos)} ${e.section} entry ${e.index}` };
    if (e.itemTypes) scope.itemTypes = e.itemTypes;
    if (e.itemNames) scope.items = e.itemNames;
    if (e.files) scope.files = e.files;
    const r = typeof v.value === 'string' ? resolveDynamic(v.value, e, v.pos, ctx, label) : { value: v.value };
    const unresolved = 'unresolved' in r ? { unresolved: r.unresolved } : {};
    const value = 'value' in r ? r.value : '';
    if (e.section === 'key_value_replace') {
      rules.push({ type: 'jsonPath', path: e.find, value, ...scope, ...unresolved });
      continue;
    }
    let find = e.find;
    if (find.startsWith('$') && !e.isRegex) {
      if (find.startsWith('$items.')) throw new ParameterFileError([{ ...e.findPos, message: `find_replace entry ${e.index}: $items variables cannot be a find_value (they name target ids, which never appear in the source).` }]);
      const f = resolveDynamic(find, e, e.findPos, ctx, label);
      if ('unresolved' in f) { warnings.push(`${f.unresolved} (find_value); skipped.`); continue; }
      find = f.value;
    }
    const base = { type: 'replace' as const, replace: String(value), ...scope, ...unresolved };
    if (e.isRegex) rules.push({ ...base, find: toJsRegex(find).source, regex: true, ignoreCase: e.ignoreCase || toJsRegex(find).flags.includes('i'), group: 1 });
    else rules.push({ ...base, find, ignoreCase: e.ignoreCase });
  }
  return { rules, warnings };
}
