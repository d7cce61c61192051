// Our environments' rules as a fabric-cicd parameter.yml: one find_replace / key_value_replace
// entry per distinct rule, with every environment that has it as a replace_value key. Rules with
// no fabric-cicd equivalent are listed as comments, so nothing disappears silently.
import { Document } from 'yaml';
import { captureGroupCount, type EnvironmentsConfig, type Rule } from './environmentsFile';
import { mLiteral } from './rules';

interface OutEntry { key: string; section: 'find_replace' | 'key_value_replace'; body: Record<string, unknown>; values: Record<string, unknown> }

const FABRIC_ONLY_KINDS = ['dataflow', 'flow'];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The fabric-cicd regex that sets an M parameter query's value (capture group 1 is the current value). */
export function parameterRegex(name: string): string {
  const quoted = escapeRe(`#"${name.replace(/"/g, '""')}"`);
  const alt = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? `(?:${escapeRe(name)}|${quoted})` : quoted;
  return `shared\\s+${alt}\\s*=\\s*((?:"(?:[^"]|"")*"|[^;"])*?)\\s+meta\\s*\\[[^\\]]*IsParameterQuery\\s*=\\s*true`;
}

/** The entry body (without replace_value) and value for a rule, or why it has no equivalent. */
function translate(rule: Rule): { section: OutEntry['section']; body: Record<string, unknown>; value: unknown } | { reason: string } {
  const body: Record<string, unknown> = {};
  let section: OutEntry['section'] = 'find_replace';
  let value: unknown;
  switch (rule.type) {
    case 'replace':
      if (!rule.regex) { body.find_value = rule.find; value = rule.replace; break; }
      if (rule.group === 1) { body.find_value = rule.find; body.is_regex = 'true'; value = rule.replace; break; }
      if (rule.group) return { reason: `replaces capture group ${rule.group}; fabric-cicd replaces group 1 only` };
      if (/\$\d/.test(rule.replace)) return { reason: 'uses $1-style groups in the replacement; fabric-cicd replaces capture group 1 with a fixed value' };
      if (captureGroupCount(rule.find, rule.ignoreCase) > 0) return { reason: 'its regex has capture groups but replaces the whole match' };
      body.find_value = `(${rule.find})`; body.is_regex = 'true'; value = rule.replace;
      break;
    case 'parameter':
      body.find_value = parameterRegex(rule.name); body.is_regex = 'true'; value = mLiteral(rule.value);
      if (!rule.files) body.file_path = '**/*.pq';
      break;
    case 'jsonPath':
      section = 'key_value_replace'; body.find_key = rule.path; value = rule.value;
      break;
    default:
      return { reason: `${rule.type} rules have no fabric-cicd equivalent` };
  }
  if (typeof value === 'string' && value.startsWith('$')) return { reason: 'its value starts with "$", which fabric-cicd reads as a variable' };
  if (rule.type === 'replace' && rule.ignoreCase) body.ignore_case = 'true';
  if (rule.items) {
    if (rule.items.some((n) => /[*?]/.test(n))) return { reason: 'its item name globs have no fabric-cicd equivalent (item_name is an exact name)' };
    body.item_name = rule.items.length === 1 ? rule.items[0] : rule.items;
  }
  if (rule.itemTypes) {
    if (rule.itemTypes.some((t) => FABRIC_ONLY_KINDS.includes(t))) return { reason: 'it is scoped to Gen1 dataflows or flows, which fabric-cicd does not deploy' };
    body.item_type = rule.itemTypes.length === 1 ? rule.itemTypes[0] : rule.itemTypes;
  }
  if (rule.files) {
    const paths = rule.files.map((g) => (g.startsWith('*/') ? g.slice(2) : `**/${g}`));
    body.file_path = paths.length === 1 ? paths[0] : paths;
  }
  if (rule.excludeFiles && rule.excludeFiles.some((g) => g !== '.platform')) return { reason: 'excludeFiles has no fabric-cicd equivalent (it never touches .platform, nothing else)' };
  return { section, body, value };
}

/**
 * parameter.yml text for `envNames` (all environments by default). Environments become the
 * replace_value keys; a rule one environment lacks simply has no key for it.
 */
export function exportParameterYaml(config: EnvironmentsConfig, envNames?: string[], source = '.dataflow-workbench/environments.jsonc'): string {
  const envs = envNames?.length ? envNames.map((n) => {
    const e = config.environments.find((x) => x.name === n);
    if (!e) throw new Error(`No environment "${n}" in ${source} (${config.environments.map((x) => x.name).join(', ')}).`);
    return e;
  }) : config.environments;
  const entries: OutEntry[] = [];
  const skipped: string[] = [];
  for (const env of envs) {
    for (const [i, rule] of env.rules.entries()) {
      const t = translate(rule);
      if ('reason' in t) { skipped.push(`${env.name}.rules[${i}] ${JSON.stringify(stripInternal(rule))}: ${t.reason}.`); continue; }
      const key = JSON.stringify([t.section, t.body]);
      let entry = entries.find((e) => e.key === key && !(env.name in e.values));
      if (!entry) entries.push(entry = { key, section: t.section, body: t.body, values: {} });
      entry.values[env.name] = t.value;
    }
  }
  const data: Record<string, unknown[]> = {};
  for (const section of ['find_replace', 'key_value_replace'] as const) {
    const list = entries.filter((e) => e.section === section).map((e) => {
      const { find_value, find_key, ...rest } = e.body;
      return { ...(find_key !== undefined ? { find_key } : { find_value }), replace_value: e.values, ...rest };
    });
    if (list.length) data[section] = list;
  }
  const doc = new Document(data);
  const head = [
    ` fabric-cicd parameter.yml written by "dfw params export" from ${source}`,
    ` environments: ${envs.map((e) => e.name).join(', ')}`,
  ];
  if (skipped.length) head.push('', ' Rules with no fabric-cicd equivalent (not exported):', ...skipped.map((s) => `   ${s}`));
  doc.commentBefore = head.join('\n');
  return Object.keys(data).length ? doc.toString({ lineWidth: 0 }) : `${head.map((l) => `#${l}`).join('\n')}\nfind_replace: []\n`;
}

function stripInternal(rule: Rule): Rule {
  const { origin: _o, unresolved: _u, ...rest } = rule;
  return rest as Rule;
}
