// Pure deployment planning: given the source items (decoded files), what the target holds, and
// the target environment's rules, decide per item create / update / unchanged / blocked, the
// exact definition that will be written, the references to rewrite, and what no API can do.
import type { DefinitionRef } from '../model/itemRef';
import type { FlowState, Rule } from './environmentsFile';
import { applyRules, type RuleApplication } from './rules';
import { findDataflowReferences, rewriteDataflowReferences, type DataflowReference } from './references';
import { definitionsEqual } from './normalize';

export interface PlanSource {
  ref: DefinitionRef;
  /** "dataflow" (Gen1), a Fabric item type, or "flow". */
  kind: string;
  name: string;
  /** Decoded text files of the definition (codec output). */
  files: Record<string, string>;
}

export interface PlanTargetItem {
  id: string;
  name: string;
  kind: string;
  /** Current decoded definition, when read (needed to tell update from unchanged). */
  files?: Record<string, string>;
}

export interface PlanInput {
  sources: PlanSource[];
  target: { label: string; workspaceId?: string; existing: PlanTargetItem[] };
  rules: readonly Rule[];
  flowState?: FlowState;
  /** The source workspace, to tell same-workspace references from external ones. */
  sourceWorkspaceId?: string;
  /** Names of dataflows in the source workspace by id (to resolve references by name). */
  sourceDataflowNames: Record<string, string>;
  /**
   * Fabric: every item of the source workspace by id. Any of these ids found in a deployed
   * definition (a report's semantic model, a lakehouse in a Gen2 mashup) is re-pointed at the
   * target's item of the same type and name; the source workspace id becomes the target's.
   */
  sourceItems?: Record<string, { name: string; kind: string }>;
  /** Flows: connection references of the source and the target environment (logical → display name). */
  connectionReferences?: { source: Record<string, string>; target: Record<string, string> };
  /** Plan-level warnings from reading the rules (e.g. a parameter.yml entry without this environment). */
  warnings?: string[];
}

export interface PlannedReference {
  from: DataflowReference;
  /** Upstream name in the source workspace. */
  name?: string;
  via: 'target' | 'deployment' | 'external';
  to?: { workspaceId: string; dataflowId: string };
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'blocked';

export interface PlanItem {
  key: string;
  source: PlanSource;
  action: PlanAction;
  targetId?: string;
  /** The exact transformed definition (references to items created in this run are filled in at execution). */
  files: Record<string, string>;
  current?: Record<string, string>;
  rulesApplied: RuleApplication[];
  references: PlannedReference[];
  /** Keys of plan items this one must wait for (upstream dataflows created in the same run). */
  dependsOn: string[];
  problems: string[];
  warnings: string[];
}

export interface Plan {
  target: string;
  items: PlanItem[];
  /** Plan-level errors (cycles); blocked items carry their own problems. */
  errors: string[];
  checklist: string[];
  unusedRules: Rule[];
  /** Plan-level warnings (not blocking), e.g. parameter.yml entries skipped for this environment. */
  warnings?: string[];
}

const keyOf = (s: PlanSource) => `${s.kind}:${s.name}`;
const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

export function planDeployment(input: PlanInput): Plan {
  const items: PlanItem[] = [];
  for (const source of input.sources) {
    const item = planItem(source, input);
    items.push(item);
  }
  // A rule is unused when no item used it.
  const used = new Set(items.flatMap((i) => i.rulesApplied.map((a) => a.rule)));
  const unusedRules = input.rules.filter((r) => !used.has(r));
  const { ordered, cycle } = orderByDependencies(items);
  const errors = cycle.length ? [`These items reference each other in a cycle and cannot be ordered: ${cycle.join(' → ')}.`] : [];
  return { target: input.target.label, items: ordered, errors, checklist: checklistFor(ordered, input), unusedRules, warnings: [...input.warnings ?? []] };
}

function planItem(source: PlanSource, input: PlanInput): PlanItem {
  const problems: string[] = [];
  const warnings: string[] = [];
  const ruled = applyRules({ name: source.name, kind: source.kind, files: source.files }, input.rules);
  problems.push(...ruled.problems);
  const matches = input.target.existing.filter((t) => t.kind === source.kind && sameName(t.name, source.name));
  if (matches.length > 1) {
    problems.push(`${input.target.label} has ${matches.length} items named "${source.name}" (${matches.map((m) => m.id).join(', ')}). Delete or rename the duplicates, then plan again.`);
  }
  const existing = matches.length === 1 ? matches[0] : undefined;

  const references: PlannedReference[] = [];
  const dependsOn: string[] = [];
  for (const ref of findDataflowReferences(ruled.files)) {
    const sameWorkspace = input.sourceWorkspaceId && ref.workspaceId.toLowerCase() === input.sourceWorkspaceId.toLowerCase();
    if (!sameWorkspace) {
      references.push({ from: ref, via: 'external' });
      warnings.push(`References dataflow ${ref.dataflowId} in another workspace (${ref.workspaceId}); kept as is.`);
      continue;
    }
    const name = input.sourceDataflowNames[ref.dataflowId.toLowerCase()] ?? input.sourceDataflowNames[ref.dataflowId];
    if (!name) {
      problems.push(`Reads dataflow ${ref.dataflowId}, which does not exist in the source workspace. Fix the reference in ${ref.file} first.`);
      references.push({ from: ref, via: 'target' });
      continue;
    }
    const inTarget = input.target.existing.filter((t) => t.kind === 'dataflow' || t.kind === 'Dataflow').find((t) => sameName(t.name, name));
    const inRun = input.sources.find((s) => s !== source && (s.kind === 'dataflow' || s.kind === 'Dataflow') && sameName(s.name, name));
    if (inRun) {
      dependsOn.push(keyOf(inRun));
      references.push({ from: ref, name, via: 'deployment', to: inTarget && input.target.workspaceId ? { workspaceId: input.target.workspaceId, dataflowId: inTarget.id } : undefined });
    } else if (inTarget && input.target.workspaceId) {
      references.push({ from: ref, name, via: 'target', to: { workspaceId: input.target.workspaceId, dataflowId: inTarget.id } });
    } else {
      problems.push(`Reads dataflow "${name}" from the source workspace, but ${input.target.label} has no dataflow named "${name}". Deploy "${name}" in the same run, or create it in ${input.target.label} first.`);
      references.push({ from: ref, name, via: 'target' });
    }
  }
  // Rewrite what is known now; references to items created in this run are filled in at execution.
  const resolved = new Map(references.filter((r) => r.to).map((r) => [`${r.from.workspaceId}/${r.from.dataflowId}`.toLowerCase(), r.to!]));
  const rewritten = rewriteDataflowReferences(ruled.files, (r) => resolved.get(`${r.workspaceId}/${r.dataflowId}`.toLowerCase()));
  if (input.sourceItems && input.target.workspaceId) rewriteItemIds(source, rewritten.files, input, dependsOn, problems);
  if (source.kind === 'flow' && input.connectionReferences) mapConnectionReferences(source, rewritten.files, input, problems, warnings);

  let action: PlanAction;
  if (problems.length) action = 'blocked';
  else if (!existing) action = 'create';
  // Comparable once every reference is known: an upstream still to be created has no id yet.
  else if (existing.files && references.every((r) => r.via !== 'deployment' || r.to) && definitionsEqual(source.kind, rewritten.files, existing.files)) action = 'unchanged';
  else action = 'update';

  return {
    key: keyOf(source), source, action, targetId: existing?.id, files: rewritten.files, current: existing?.files,
    rulesApplied: ruled.applied, references, dependsOn, problems, warnings,
  };
}

/**
 * A flow's connection references must exist in the target environment: kept when the logical
 * name exists there, else re-pointed to the target's reference with the same display name, else
 * the plan is blocked (create the reference in the target first, or add a connectionReference rule).
 */
function mapConnectionReferences(source: PlanSource, files: Record<string, string>, input: PlanInput, problems: string[], warnings: string[]): void {
  const text = files['definition.json'];
  if (!text) return;
  let doc: { connectionReferences?: Record<string, { connection?: { connectionReferenceLogicalName?: string } }> };
  try { doc = JSON.parse(text); } catch { return; }
  const { source: src, target } = input.connectionReferences!;
  const byDisplay = new Map(Object.entries(target).map(([logical, display]) => [display.toLowerCase(), logical]));
  let out = text;
  for (const [key, ref] of Object.entries(doc.connectionReferences ?? {})) {
    const logical = ref.connection?.connectionReferenceLogicalName;
    if (!logical || logical in target) continue;
    const display = src[logical];
    const mapped = display ? byDisplay.get(display.toLowerCase()) : undefined;
    if (mapped) {
      out = out.split(JSON.stringify(logical)).join(JSON.stringify(mapped));
      warnings.push(`Connection reference ${key}: ${logical} → ${mapped} (same display name "${display}" in ${input.target.label}).`);
    } else {
      problems.push(`Uses connection reference "${logical}"${display ? ` ("${display}")` : ''}, which ${input.target.label} does not have. Create it there (or add a connectionReference rule), then plan again.`);
    }
  }
  files['definition.json'] = out;
}

/** Re-points ids of other source-workspace items (and the workspace id) found in Fabric definitions. */
function rewriteItemIds(source: PlanSource, files: Record<string, string>, input: PlanInput, dependsOn: string[], problems: string[]): void {
  const items = input.sourceItems!;
  const targetWs = input.target.workspaceId!;
  for (const [path, text] of Object.entries(files)) {
    let out = text;
    for (const m of new Set(text.match(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g) ?? [])) {
      const id = m.toLowerCase();
      if (input.sourceWorkspaceId && id === input.sourceWorkspaceId.toLowerCase()) { out = out.split(m).join(targetWs); continue; }
      const item = items[id];
      if (!item || id === source.ref.id.toLowerCase() || (item.kind === 'Dataflow' && input.sourceDataflowNames[id])) continue;
      const inTarget = input.target.existing.find((t) => t.kind === item.kind && sameName(t.name, item.name));
      if (inTarget) { out = out.split(m).join(inTarget.id); continue; }
      const inRun = input.sources.find((x) => x.kind === item.kind && sameName(x.name, item.name));
      if (inRun) { dependsOn.push(keyOf(inRun)); continue; }
      problems.push(`${path} refers to ${item.kind} "${item.name}" (${m}), which ${input.target.label} does not have. Deploy it in the same run, or create it there first.`);
    }
    files[path] = out;
  }
}

/** Upstream first; items in a cycle are blocked and named. */
export function orderByDependencies(items: PlanItem[]): { ordered: PlanItem[]; cycle: string[] } {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: PlanItem[] = [];
  let cycle: string[] = [];
  const visit = (item: PlanItem, path: string[]) => {
    const s = state.get(item.key);
    if (s === 'done') return;
    if (s === 'visiting') {
      if (!cycle.length) cycle = [...path.slice(path.indexOf(item.key)), item.key].map((k) => byKey.get(k)?.source.name ?? k);
      return;
    }
    state.set(item.key, 'visiting');
    for (const dep of item.dependsOn) { const d = byKey.get(dep); if (d) visit(d, [...path, item.key]); }
    state.set(item.key, 'done');
    ordered.push(item);
  };
  for (const i of items) visit(i, []);
  if (cycle.length) {
    for (const i of ordered) if (cycle.includes(i.source.name)) { i.action = 'blocked'; i.problems.push('Part of a reference cycle.'); }
  }
  return { ordered, cycle };
}

function checklistFor(items: PlanItem[], input: PlanInput): string[] {
  const list: string[] = [];
  const created = items.filter((i) => i.action === 'create');
  const gen1 = created.filter((i) => i.source.kind === 'dataflow');
  if (gen1.length) list.push(`Set data source credentials and gateway bindings for ${gen1.map((i) => `"${i.source.name}"`).join(', ')} in the Power BI portal (dataflow settings): no API can do this.`);
  const gen2 = items.filter((i) => i.source.kind === 'Dataflow' && (i.action === 'create' || i.action === 'update'));
  if (gen2.length) list.push(`Check the connections of ${gen2.map((i) => `"${i.source.name}"`).join(', ')} in ${input.target.label}: Fabric connections are not part of the definition.`);
  const flows = items.filter((i) => i.source.kind === 'flow' && i.action !== 'unchanged' && i.action !== 'blocked');
  if (flows.length) {
    list.push(`Make sure the connection references used by ${flows.map((i) => `"${i.source.name}"`).join(', ')} exist in ${input.target.label} and are bound to working connections.`);
    if (input.flowState === 'keep' || !input.flowState) list.push('New flows start Off: turn them on when their connections are ready (or set "flowState": "on" for this environment).');
  }
  return list;
}
