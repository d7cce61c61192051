// `.dataflow-workbench/environments.jsonc`: the DTAP environments and their rules. Read with
// jsonc-parser (comments and trailing commas allowed); every problem carries a line and column.
import { jsonNestingProblem } from '../definitions/nesting';
import { parseJsonPath } from './jsonPath';
import { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export const ENVIRONMENTS_FILE = '.dataflow-workbench/environments.jsonc';

export type FlowState = 'on' | 'off' | 'keep';

export interface ScopedRule {
  /** Item names or globs (`*`, `?`) the rule applies to; absent = all items. */
  items?: string[];
  /** Item kinds: "dataflow" (Gen1), Fabric item types (e.g. "Dataflow"), "flow". */
  itemTypes?: string[];
  /** File globs inside the item (e.g. "mashup.pq", "*.json"). */
  files?: string[];
  /** File globs inside the item the rule never touches (e.g. ".platform"). */
  excludeFiles?: string[];
  /** Where the rule came from when not from environments.jsonc (e.g. "parameter.yml:12:7 find_replace entry 2"). */
  origin?: string;
  /**
   * Set on a rule from a parameter file whose dynamic value could not be resolved in the target:
   * an item the rule would change is blocked with this message (never read from environments.jsonc).
   */
  unresolved?: string;
}

export interface ReplaceRule extends ScopedRule {
  type: 'replace'; find: string; replace: string; regex?: boolean; ignoreCase?: boolean;
  /** Regex rules: replace only this capture group of each match, literally (fabric-cicd's semantics with 1). */
  group?: number;
}
export interface ParameterRule extends ScopedRule { type: 'parameter'; name: string; value: string | number | boolean | null }
export interface ConnectionReferenceRule extends ScopedRule { type: 'connectionReference'; from: string; to: string }
export interface ConnectionRule extends ScopedRule { type: 'connection'; api: string; connectionName: string }
/** Sets every value a JSONPath (`$.a.b`, `$.a[0].b`, `$..x`, `[*]`) selects in JSON files (fabric-cicd's key_value_replace). */
export interface JsonPathRule extends ScopedRule { type: 'jsonPath'; path: string; value: string | number | boolean | null }
export type Rule = ReplaceRule | ParameterRule | ConnectionReferenceRule | ConnectionRule | JsonPathRule;

export interface EnvironmentConfig {
  name: string;
  /** Power BI workspace (Gen1 dataflows, datasets), by name or id. */
  powerbiWorkspace?: string;
  /** Fabric workspace, by name or id (defaults to powerbiWorkspace: they are the same workspaces). */
  fabricWorkspace?: string;
  /** Dataverse environment: org name, id, friendly name or URL. */
  dataverseEnvironment?: string;
  flowState: FlowState;
  rules: Rule[];
  /** A fabric-cicd parameter.yml (relative to the workspace / repo root) whose rules are appended. */
  parameterFile?: string;
  /** The environment key in parameterFile (defaults to the environment's name). */
  parameterEnvironment?: string;
}

export interface EnvironmentsConfig {
  environments: EnvironmentConfig[];
  /** Order of promotion, e.g. ["dev","test","acc","prod"] (the order of the file by default). */
  order: string[];
}

export interface ConfigProblem { message: string; line: number; column: number; offset: number }

export class EnvironmentsFileError extends Error {
  override name = 'EnvironmentsFileError';
  constructor(readonly problems: ConfigProblem[], readonly file = ENVIRONMENTS_FILE) {
    super(problems.map((p) => `${file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1, col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; col = 1; } else col++;
  }
  return { line, column: col };
}

export function parseEnvironmentsFile(text: string, file = ENVIRONMENTS_FILE): EnvironmentsConfig {
  // jsonc-parser recurses per level: a runaway of brackets is refused with its position first.
  const deep = jsonNestingProblem(text, file);
  if (deep) throw new EnvironmentsFileError([{ message: deep.message.replace(/^.*?:\d+:\d+: /, ''), line: deep.line, column: deep.column, offset: deep.offset }], file);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems: ConfigProblem[] = [];
  const at = (offset: number, message: string) => problems.push({ message, offset, ...position(text, offset) });
  for (const e of errors) at(e.offset, `JSON syntax: ${printParseErrorCode(e.error)}`);
  if (!root || errors.length) throw new EnvironmentsFileError(problems.length ? problems : [{ message: 'The file is empty.', line: 1, column: 1, offset: 0 }], file);

  const envsNode = findNodeAtLocation(root, ['environments']);
  if (!envsNode || envsNode.type !== 'object') {
    at(root.offset, 'Expected an "environments" object, e.g. {"environments": {"dev": {...}, "test": {...}}}.');
    throw new EnvironmentsFileError(problems, file);
  }
  unknownKeys(root, ['$schema', 'order', 'environments'], 'The file', at);
  const environments: EnvironmentConfig[] = [];
  for (const prop of envsNode.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    const name = String(keyNode?.value);
    if (!valueNode || valueNode.type !== 'object') { at(prop.offset, `Environment "${name}" must be an object.`); continue; }
    environments.push(readEnvironment(name, valueNode, at));
  }
  const orderNode = findNodeAtLocation(root, ['order']);
  let order = environments.map((e) => e.name);
  if (orderNode) {
    const o = getNodeValue(orderNode);
    if (!Array.isArray(o) || o.some((x) => typeof x !== 'string' || !environments.some((e) => e.name === x))) {
      at(orderNode.offset, `"order" must list environment names defined in "environments" (${order.join(', ')}).`);
    } else order = o;
  }
  if (!environments.length) at(envsNode.offset, 'Define at least one environment.');
  if (problems.length) throw new EnvironmentsFileError(problems, file);
  return { environments, order };
}

/**
 * A misspelt key (`flowstate`, `workspce`) would otherwise be ignored silently and the deploy would
 * go where the defaults say; every key outside the schema is reported at its position.
 */
function unknownKeys(node: Node, known: readonly string[], owner: string, at: (offset: number, msg: string) => void): void {
  if (node.type !== 'object') return;
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0];
    if (!key || known.includes(String(key.value))) continue;
    const near = known.find((k) => k.toLowerCase() === String(key.value).toLowerCase());
    at(key.offset, `${owner} has an unknown key "${String(key.value)}"${near ? `; did you mean "${near}"?` : `. Known keys: ${known.join(', ')}.`}`);
  }
}

function readEnvironment(name: string, node: Node, at: (offset: number, msg: string) => void): EnvironmentConfig {
  unknownKeys(node, ['powerbi', 'fabric', 'dataverse', 'workspace', 'flowState', 'rules', 'parameterFile', 'parameterEnvironment'], `Environment "${name}"`, at);
  for (const [k, inner] of [['powerbi', 'workspace'], ['fabric', 'workspace'], ['dataverse', 'environment']] as const) {
    const n = findNodeAtLocation(node, [k]);
    if (n && n.type !== 'object') at(n.offset, `${name}.${k} must be an object like {"${inner}": "…"}.`);
    else if (n) unknownKeys(n, [inner], `${name}.${k}`, at);
  }
  const str = (path: (string | number)[]): string | undefined => {
    const n = findNodeAtLocation(node, path);
    if (!n) return undefined;
    if (n.type !== 'string' || !String(n.value).trim()) { at(n.offset, `${name}.${path.join('.')} must be a non-empty string.`); return undefined; }
    return String(n.value);
  };
  const env: EnvironmentConfig = {
    name,
    powerbiWorkspace: str(['powerbi', 'workspace']) ?? str(['workspace']),
    fabricWorkspace: str(['fabric', 'workspace']),
    dataverseEnvironment: str(['dataverse', 'environment']),
    flowState: 'keep',
    rules: [],
  };
  const parameterFile = str(['parameterFile']), parameterEnvironment = str(['parameterEnvironment']);
  if (parameterFile) env.parameterFile = parameterFile;
  if (parameterEnvironment) env.parameterEnvironment = parameterEnvironment;
  env.fabricWorkspace ??= env.powerbiWorkspace;
  const fs = findNodeAtLocation(node, ['flowState']);
  if (fs) {
    if (fs.value === 'on' || fs.value === 'off' || fs.value === 'keep') env.flowState = fs.value;
    else at(fs.offset, `${name}.flowState must be "on", "off" or "keep".`);
  }
  const rulesNode = findNodeAtLocation(node, ['rules']);
  if (rulesNode) {
    if (rulesNode.type !== 'array') at(rulesNode.offset, `${name}.rules must be an array.`);
    else for (const [i, r] of (rulesNode.children ?? []).entries()) {
      const rule = readRule(getNodeValue(r), `${name}.rules[${i}]`, (m) => at(r.offset, m));
      if (rule) env.rules.push(rule);
    }
  }
  return env;
}

const RULE_KEYS: Record<Rule['type'], string[]> = {
  replace: ['find', 'replace', 'regex', 'ignoreCase', 'group'], parameter: ['name', 'value'], connectionReference: ['from', 'to'], connection: ['api', 'connectionName'],
  jsonPath: ['path', 'value'],
};
const SCOPE_KEYS = ['items', 'itemTypes', 'files', 'excludeFiles'] as const;

function readRule(v: any, where: string, fail: (msg: string) => void): Rule | undefined {
  if (!v || typeof v !== 'object') { fail(`${where} must be an object.`); return undefined; }
  const scope: ScopedRule = {};
  for (const k of SCOPE_KEYS) {
    if (v[k] === undefined) continue;
    if (!Array.isArray(v[k]) || v[k].some((x: unknown) => typeof x !== 'string')) { fail(`${where}.${k} must be an array of strings.`); return undefined; }
    scope[k] = v[k];
  }
  const own = RULE_KEYS[v.type as Rule['type']];
  const extra = own ? Object.keys(v).filter((k) => !['type', ...SCOPE_KEYS, ...own].includes(k)) : [];
  if (extra.length) { fail(`${where} (a ${v.type} rule) has unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}. Known keys: type, ${own!.join(', ')}, ${SCOPE_KEYS.join(', ')}.`); return undefined; }
  switch (v.type) {
    case 'replace':
      if (typeof v.find !== 'string' || !v.find || typeof v.replace !== 'string') { fail(`${where}: a replace rule needs "find" (non-empty) and "replace" strings.`); return undefined; }
      if (v.regex) {
        try { new RegExp(v.find); } catch (e) { fail(`${where}.find is not a valid regular expression: ${(e as Error).message}`); return undefined; }
      }
      if (v.group !== undefined) {
        const groups = v.regex ? captureGroupCount(v.find, v.ignoreCase) : 0;
        if (!Number.isInteger(v.group) || v.group < 1 || v.group > groups) { fail(`${where}.group must be the number of a capture group in the regex "find" (it has ${groups}).`); return undefined; }
      }
      return { type: 'replace', find: v.find, replace: v.replace, regex: !!v.regex, ignoreCase: !!v.ignoreCase, ...(v.group ? { group: v.group } : {}), ...scope };
    case 'jsonPath':
      if (typeof v.path !== 'string' || !v.path.startsWith('$')) { fail(`${where}: a jsonPath rule needs "path", a JSONPath such as "$.properties.connectionId".`); return undefined; }
      try { parseJsonPath(v.path); } catch (e) { fail(`${where}.path: ${(e as Error).message}`); return undefined; }
      if (!['string', 'number', 'boolean'].includes(typeof v.value) && v.value !== null) { fail(`${where}.value must be a string, number, boolean or null.`); return undefined; }
      return { type: 'jsonPath', path: v.path, value: v.value, ...scope };
    case 'parameter':
      if (typeof v.name !== 'string' || !v.name) { fail(`${where}: a parameter rule needs "name", the M parameter query's name.`); return undefined; }
      if (!['string', 'number', 'boolean'].includes(typeof v.value) && v.value !== null) { fail(`${where}.value must be a string, number, boolean or null.`); return undefined; }
      return { type: 'parameter', name: v.name, value: v.value, ...scope };
    case 'connectionReference':
      if (typeof v.from !== 'string' || typeof v.to !== 'string') { fail(`${where}: a connectionReference rule needs "from" and "to" logical names.`); return undefined; }
      return { type: 'connectionReference', from: v.from, to: v.to, ...scope };
    case 'connection':
      if (typeof v.api !== 'string' || typeof v.connectionName !== 'string') { fail(`${where}: a connection rule needs "api" (e.g. shared_sql) and "connectionName".`); return undefined; }
      return { type: 'connection', api: v.api, connectionName: v.connectionName, ...scope };
    default:
      fail(`${where}.type must be one of "replace", "parameter", "connectionReference", "connection", "jsonPath".`);
      return undefined;
  }
}

/** How many capture groups a regular expression has. */
export function captureGroupCount(source: string, ignoreCase?: boolean): number {
  return (new RegExp(`${source}|`, ignoreCase ? 'i' : '').exec('')?.length ?? 1) - 1;
}
