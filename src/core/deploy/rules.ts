// Applies an environment's rules to one item's decoded files (path → text). Pure: the planner
// calls it and shows the result as a diff before anything is written.
import { modify, applyEdits, parse } from 'jsonc-parser';
import type { Rule, ScopedRule } from './environmentsFile';
import { setJsonPath } from './jsonPath';

export interface RuleTarget {
  name: string;
  /** "dataflow" (Gen1), a Fabric item type ("Dataflow", "SemanticModel"...), or "flow". */
  kind: string;
  files: Record<string, string>;
}

export interface RuleApplication { rule: Rule; file: string; count: number }

export interface RuleResult {
  files: Record<string, string>;
  applied: RuleApplication[];
  /** Rules in scope that changed nothing (likely a typo): reported in the plan, not fatal. */
  unused: Rule[];
  /** Rules that would change the item but whose value is unresolved (the item is blocked). */
  problems: string[];
}

export function globToRegExp(glob: string): RegExp {
  const body = glob.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

function fileMatches(globs: string[], target: RuleTarget, file: string): boolean {
  // A glob may also name the item folder as in a Fabric Git repo: "*/Sales.Dataflow/mashup.pq".
  const folder = target.kind === 'dataflow' ? 'Dataflow' : target.kind === 'flow' ? 'Flow' : target.kind;
  const inRepo = `/${target.name}.${folder}/${file}`;
  return globs.some((g) => { const re = globToRegExp(g); return re.test(file) || re.test(file.split('/').pop()!) || re.test(inRepo); });
}

function inScope(rule: ScopedRule, target: RuleTarget, file?: string): boolean {
  if (rule.items && !rule.items.some((g) => globToRegExp(g).test(target.name))) return false;
  if (rule.itemTypes && !rule.itemTypes.some((t) => t.toLowerCase() === target.kind.toLowerCase())) return false;
  if (file && rule.files && !fileMatches(rule.files, target, file)) return false;
  if (file && rule.excludeFiles && fileMatches(rule.excludeFiles, target, file)) return false;
  return true;
}

/** An M literal for a parameter value. */
export function mLiteral(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `"${v.replace(/"/g, '""')}"`;
  return String(v);
}

function escapeRe(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/**
 * Replaces the value of `shared <name> = <value> meta [IsParameterQuery=true…]` in a section
 * document. Returns the new text and how many parameter queries matched.
 */
export function setParameterValue(doc: string, name: string, value: string | number | boolean | null): { text: string; count: number } {
  const quoted = `#"${name.replace(/"/g, '""')}"`;
  const nameAlt = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? `(?:${escapeRe(name)}|${escapeRe(quoted)})` : escapeRe(quoted);
  const re = new RegExp(`(shared\\s+${nameAlt}\\s*=\\s*)((?:"(?:[^"]|"")*"|[^;"])*?)(\\s+meta\\s*\\[[^\\]]*IsParameterQuery\\s*=\\s*true)`, 'g');
  let count = 0;
  const text = doc.replace(re, (_m, head: string, _old: string, meta: string) => { count++; return head + mLiteral(value) + meta; });
  return { text, count };
}

/** fabric-cicd's regex semantics: in each match, only capture group `group` is replaced, literally. */
function replaceGroup(text: string, rule: Extract<Rule, { type: 'replace' }>): { text: string; count: number } {
  const re = new RegExp(rule.find, 'gd' + (rule.ignoreCase ? 'i' : ''));
  let out = '', last = 0, count = 0;
  for (const m of text.matchAll(re)) {
    const span = m.indices?.[rule.group!];
    if (!span) continue;
    out += text.slice(last, span[0]) + rule.replace;
    last = span[1];
    count++;
  }
  return { text: count ? out + text.slice(last) : text, count };
}

function replaceText(text: string, rule: Extract<Rule, { type: 'replace' }>): { text: string; count: number } {
  if (rule.regex && rule.group) return replaceGroup(text, rule);
  const flags = 'g' + (rule.ignoreCase ? 'i' : '');
  const re = rule.regex ? new RegExp(rule.find, flags) : new RegExp(escapeRe(rule.find), flags);
  let count = 0;
  // Literal rules insert the replacement verbatim; regex rules may use $1-style groups.
  const out = text.replace(re, (...args) => {
    count++;
    if (!rule.regex) return rule.replace;
    const groups = args.slice(1, -2) as string[];
    return rule.replace.replace(/\$(\d+)/g, (_g, n: string) => groups[Number(n) - 1] ?? '');
  });
  return { text: out, count };
}

/** Rewrites connection references inside a flow's definition.json, keeping its formatting. */
function mapConnections(text: string, rule: Extract<Rule, { type: 'connectionReference' | 'connection' }>): { text: string; count: number } {
  let data: any;
  try { data = parse(text); } catch { return { text, count: 0 }; }
  const refs = (data?.connectionReferences ?? data?.properties?.connectionReferences) as Record<string, any> | undefined;
  if (!refs) return { text, count: 0 };
  const base = data.connectionReferences ? ['connectionReferences'] : ['properties', 'connectionReferences'];
  let out = text, count = 0;
  for (const [key, ref] of Object.entries(refs)) {
    if (rule.type === 'connectionReference' && ref?.connection?.connectionReferenceLogicalName === rule.from) {
      out = applyEdits(out, modify(out, [...base, key, 'connection', 'connectionReferenceLogicalName'], rule.to, {}));
      count++;
    }
    if (rule.type === 'connection' && (key === rule.api || ref?.api?.name === rule.api)) {
      out = applyEdits(out, modify(out, [...base, key, 'connection', 'name'], rule.connectionName, {}));
      count++;
    }
  }
  return { text: out, count };
}

export function applyRules(target: RuleTarget, rules: readonly Rule[]): RuleResult {
  const files = { ...target.files };
  const applied: RuleApplication[] = [];
  const unused: Rule[] = [];
  const problems: string[] = [];
  for (const rule of rules) {
    if (!inScope(rule, target)) continue;
    let total = 0;
    for (const path of Object.keys(files)) {
      if (!inScope(rule, target, path)) continue;
      let r: { text: string; count: number };
      if (rule.type === 'replace') r = replaceText(files[path], rule);
      else if (rule.type === 'parameter') r = path.endsWith('.pq') ? setParameterValue(files[path], rule.name, rule.value) : { text: files[path], count: 0 };
      else if (rule.type === 'jsonPath') r = setJsonPath(files[path], rule.path, rule.value);
      else r = path.endsWith('.json') ? mapConnections(files[path], rule) : { text: files[path], count: 0 };
      if (r.count && rule.unresolved) { total += r.count; continue; }
      if (r.count) { files[path] = r.text; applied.push({ rule, file: path, count: r.count }); total += r.count; }
    }
    if (total && rule.unresolved) problems.push(rule.unresolved);
    else if (!total) unused.push(rule);
  }
  return { files, applied, unused, problems };
}
