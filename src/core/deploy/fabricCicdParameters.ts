// Reads a microsoft/fabric-cicd `parameter.yml` (find_replace, key_value_replace, `_ALL_`,
// `extend:`) into entries that keep every value's file, line and column. Converting the entries
// into our rules for one environment is in fabricCicdRules.ts. No vscode import.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { captureGroupCount } from './environmentsFile';
import { parseJsonPath } from './jsonPath';

export interface YamlPos { file: string; line: number; column: number }
export interface EnvValue { value: string | number | boolean | null; pos: YamlPos }

export interface ParameterEntry {
  section: 'find_replace' | 'key_value_replace';
  /** 1-based within its section, counted across extended files as fabric-cicd does after merging. */
  index: number;
  pos: YamlPos;
  /** find_value (a literal or a regex with one capture group) or find_key (a JSONPath). */
  find: string;
  findPos: YamlPos;
  /** replace_value by environment key, `_ALL_` kept as is. */
  values: Record<string, EnvValue>;
  isRegex: boolean;
  ignoreCase: boolean;
  itemTypes?: string[];
  itemNames?: string[];
  /** file_path filters as globs over "<Item>.<Type>/<file>" (see fileGlob). */
  files?: string[];
}

export interface ParameterFile {
  file: string;
  entries: ParameterEntry[];
  /** Parts we read but do not apply (spark_pool, semantic_model_binding), with their position. */
  notices: string[];
  /** Every environment key used in the file (without `_ALL_`). */
  environments: string[];
}

export interface ParameterProblem extends YamlPos { message: string }

export class ParameterFileError extends Error {
  override name = 'ParameterFileError';
  constructor(readonly problems: ParameterProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
  }
}

const ENTRY_KEYS: Record<ParameterEntry['section'], string[]> = {
  find_replace: ['find_value', 'replace_value', 'is_regex', 'ignore_case', 'item_type', 'item_name', 'file_path'],
  key_value_replace: ['find_key', 'replace_value', 'item_type', 'item_name', 'file_path'],
};
const IGNORED_SECTIONS = ['spark_pool', 'semantic_model_binding'];

/** Reads a parameter file from disk; `extend:` paths are relative to the file that names them. */
export function loadParameterFile(file: string): ParameterFile {
  return parseParameterFile(fs.readFileSync(file, 'utf8'), file, (p) => fs.readFileSync(p, 'utf8'));
}

/**
 * Parses parameter.yml text. `readFile` resolves `extend:` (absent: extend is an error). Every
 * problem carries its line and column; all are reported at once.
 */
export function parseParameterFile(text: string, file: string, readFile?: (absPath: string) => string, seen: string[] = []): ParameterFile {
  const problems: ParameterProblem[] = [];
  const out: ParameterFile = { file, entries: [], notices: [], environments: [] };
  const lc = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const posOf = (n: Node | null | undefined | { range?: unknown }): YamlPos => {
    const offset = (n as { range?: [number] } | null)?.range?.[0] ?? 0;
    const { line, col } = lc.linePos(offset);
    return { file, line, column: col };
  };
  const fail = (n: Node | null | undefined, message: string) => problems.push({ ...posOf(n), message });
  for (const e of doc.errors) { const { line, col } = lc.linePos(e.pos[0]); problems.push({ file, line, column: col, message: `YAML: ${e.message.split('\n')[0]}` }); }
  if (problems.length) throw new ParameterFileError(problems);
  const root = doc.contents;
  if (!root || (isScalar(root) && (root.value === null || root.value === ''))) throw new ParameterFileError([{ file, line: 1, column: 1, message: 'The parameter file is empty.' }]);
  if (!isMap(root)) throw new ParameterFileError([{ ...posOf(root), message: 'Expected a mapping with find_replace / key_value_replace lists at the top level.' }]);

  const counters = { find_replace: 0, key_value_replace: 0 };
  const extendFiles: Array<{ path: string; node: Node }> = [];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (key === 'find_replace' || key === 'key_value_replace') {
      if (isMap(value) && key === 'find_replace') {
        // The first fabric-cicd format: `find_replace: { "<find>": { ENV: value } }`.
        for (const p of value.items) readEntry(key, { find_value: p.key as Node, replace_value: p.value as Node }, p.key as Node);
      } else if (!isSeq(value)) fail(value ?? (pair.key as Node), `${key} must be a list of entries ("- find_${key === 'find_replace' ? 'value' : 'key'}: …").`);
      else for (const item of value.items as Node[]) {
        if (!isMap(item)) { fail(item, `Each ${key} entry must be a mapping.`); continue; }
        const fields: Record<string, Node> = {};
        for (const p of item.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          if (!ENTRY_KEYS[key].includes(k)) fail(p.key as Node, `${key} entry ${counters[key] + 1} has an unknown key "${k}". Known keys: ${ENTRY_KEYS[key].join(', ')}.`);
          else fields[k] = (p.value ?? p.key) as Node;
        }
        readEntry(key, fields, item);
      }
    } else if (key === 'extend') {
      const list = isSeq(value) ? value.items as Node[] : value ? [value] : [];
      for (const n of list) {
        if (!isScalar(n) || typeof n.value !== 'string' || !n.value) fail(n, 'extend must list parameter file paths (relative to this file).');
        else extendFiles.push({ path: n.value, node: n });
      }
    } else if (IGNORED_SECTIONS.includes(key)) {
      const p = posOf(pair.key as Node);
      out.notices.push(`${file}:${p.line}:${p.column}: ${key} is not applied by Dataflow Workbench (no item it deploys uses it); ignored.`);
    } else fail(pair.key as Node, `Unknown section "${key}". Known: find_replace, key_value_replace, extend, ${IGNORED_SECTIONS.join(', ')}.`);
  }

  function strings(n: Node | undefined, what: string, index: number): string[] | undefined {
    if (!n || (isScalar(n) && (n.value === null || n.value === ''))) return undefined;
    const list = isSeq(n) ? n.items as Node[] : [n];
    if (list.some((x) => !isScalar(x) || typeof x.value !== 'string')) { fail(n, `Entry ${index}: ${what} must be a string or a list of strings.`); return undefined; }
    return list.map((x) => String((x as { value: unknown }).value));
  }

  function readEntry(section: ParameterEntry['section'], f: Record<string, Node>, node: Node): void {
    const index = ++counters[section];
    const where = `${section} entry ${index}`;
    const findKey = section === 'find_replace' ? 'find_value' : 'find_key';
    const findNode = f[findKey];
    const find = isScalar(findNode) && findNode.value !== null ? String(findNode.value) : '';
    if (!find) { fail(findNode ?? node, `${where} needs a non-empty ${findKey}.`); return; }
    const flag = (k: string) => {
      const n = f[k];
      if (!n) return false;
      if (!isScalar(n) || !['string', 'boolean'].includes(typeof n.value)) { fail(n, `${where}: ${k} must be "true" or "false".`); return false; }
      return String(n.value).toLowerCase() === 'true';
    };
    const entry: ParameterEntry = { section, index, pos: posOf(node), find, findPos: posOf(findNode), values: {}, isRegex: flag('is_regex'), ignoreCase: flag('ignore_case') };
    const rv = f.replace_value;
    if (!isMap(rv) || !rv.items.length) { fail(rv ?? node, `${where} needs replace_value: a mapping of environment keys (PPE, PROD, _ALL_…) to values.`); return; }
    for (const p of rv.items) {
      const env = isScalar(p.key) ? String(p.key.value) : '';
      const v = p.value as Node | null;
      if (!isScalar(v) || v.value === null || v.value === '') { fail(v ?? (p.key as Node), `${where} has no replace_value for ${env} (an empty value is an error in fabric-cicd too).`); continue; }
      if (section === 'find_replace' && typeof v.value !== 'string' && typeof v.value !== 'number') { fail(v, `${where}: the ${env} replace_value must be a string.`); continue; }
      entry.values[env] = { value: section === 'find_replace' ? String(v.source ?? v.value) : v.value as EnvValue['value'], pos: posOf(v) };
    }
    const envs = Object.keys(entry.values);
    if (envs.some((e) => e.toLowerCase() === '_all_') && envs.length > 1) fail(rv, `${where}: _ALL_ cannot be combined with other environment keys (${envs.filter((e) => e.toLowerCase() !== '_all_').join(', ')}).`);
    for (const e of envs) if (e.toLowerCase() !== '_all_' && !out.environments.includes(e)) out.environments.push(e);
    if (entry.isRegex) {
      try {
        const groups = captureGroupCount(toJsRegex(find).source);
        if (groups !== 1) fail(findNode, `${where}: a regex find_value must have exactly one capture group (the value to replace); it has ${groups}.`);
      } catch (e) { fail(findNode, `${where}: find_value is not a valid regular expression: ${(e as Error).message}`); }
    }
    if (section === 'key_value_replace') {
      try { parseJsonPath(find); } catch (e) { fail(findNode, `${where}: ${(e as Error).message}`); }
    }
    entry.itemTypes = strings(f.item_type, 'item_type', index);
    entry.itemNames = strings(f.item_name, 'item_name', index);
    const paths = strings(f.file_path, 'file_path', index);
    if (paths) {
      entry.files = [];
      for (const p of paths) {
        const g = fileGlob(p, path.dirname(file));
        if (g) entry.files.push(g); else fail(f.file_path, `${where}: file_path "${p}" is outside the folder of ${path.basename(file)}.`);
      }
    }
    out.entries.push(entry);
  }

  for (const x of extendFiles) {
    const abs = path.resolve(path.dirname(file), x.path);
    if (!readFile) { fail(x.node, `extend: cannot read "${x.path}" here.`); continue; }
    if ([file, ...seen].some((s) => path.resolve(s) === abs)) { fail(x.node, `extend: "${x.path}" is already being read (a cycle).`); continue; }
    let text2: string;
    try { text2 = readFile(abs); } catch { fail(x.node, `extend: "${x.path}" was not found (looked for ${abs}).`); continue; }
    try {
      const sub = parseParameterFile(text2, abs, readFile, [file, ...seen]);
      for (const e of sub.entries) out.entries.push({ ...e, index: ++counters[e.section] });
      out.notices.push(...sub.notices);
      for (const e of sub.environments) if (!out.environments.includes(e)) out.environments.push(e);
    } catch (e) {
      if (e instanceof ParameterFileError) problems.push(...e.problems); else throw e;
    }
  }
  if (problems.length) throw new ParameterFileError(problems);
  return out;
}

/**
 * fabric-cicd's file_path (relative to the repository folder, `**` allowed, absolute inside it) as
 * one of our file globs: `**\/x` → `x` (any item), `Folder/Name.Type/x` → `*\/Name.Type/x`
 * (matched against "/<Item>.<Type>/<file>"). Undefined when the path leaves the folder.
 */
export function fileGlob(filePath: string, baseDir: string): string | undefined {
  let p = filePath.replace(/\\/g, '/');
  if (path.isAbsolute(p) || /^[A-Za-z]:\//.test(p)) {
    const rel = path.relative(baseDir, p).replace(/\\/g, '/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    p = rel;
  }
  p = p.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (p.startsWith('**/')) return p.slice(3);
  const segs = p.split('/');
  const item = segs.findIndex((s, i) => i < segs.length - 1 && /^.+\.[A-Za-z*]+$/.test(s));
  return `*/${(item >= 0 ? segs.slice(item) : segs).join('/')}`;
}

/**
 * A Python `re` pattern as a JavaScript RegExp: `(?P<n>` → `(?<n>`, `(?P=n)` → `\k<n>`, `\A`/`\Z`,
 * and a leading `(?i)`. Throws on syntax neither accepts.
 */
export function toJsRegex(pattern: string, ignoreCase = false): RegExp {
  let flags = ignoreCase ? 'i' : '';
  let src = pattern;
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(src);
  if (inline) {
    if (inline[1] !== 'i') throw new Error(`inline flag (?${inline[1]}) is not supported (only (?i))`);
    if (!flags) flags = 'i';
    src = src.slice(inline[0].length);
  }
  src = src.replace(/\\\\|\(\?P<|\(\?P=(\w+)\)|\\A|\\Z/g, (m, name: string | undefined) =>
    m === '\\\\' ? m : m === '(?P<' ? '(?<' : name ? `\\k<${name}>` : m === '\\A' ? '^' : '$(?![\\s\\S])');
  return new RegExp(src, flags);
}
