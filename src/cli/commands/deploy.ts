import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { UsageError, str } from '../args';
import { createContext, interrupt, type CliContext } from '../context';
import { parseItemPath, type ItemPath } from '../itemPath';
import { resolveContainer, resolveItem } from '../resolve';
import { lineDiff } from '../textDiff';
import { readLocalSources } from '../../core/deploy/localSources';
import { ENVIRONMENTS_FILE, parseEnvironmentsFile, type EnvironmentConfig } from '../../core/deploy/environmentsFile';
import { gatherPlanInput } from '../../core/deploy/gather';
import { loadParameterFile } from '../../core/deploy/fabricCicdParameters';
import { planDeployment, type Plan } from '../../core/deploy/planner';
import { executePlan, type DeployTarget } from '../../core/deploy/executor';
import type { DefinitionRef } from '../../core/model/itemRef';

function printPlan(ctx: CliContext, plan: Plan): void {
  ctx.progress(`Plan → ${plan.target}`);
  for (const i of plan.items) {
    ctx.progress(`  ${i.action.padEnd(9)} ${i.source.kind} "${i.source.name}"${i.targetId ? ` (${i.targetId})` : ''}`);
    for (const p of i.problems) ctx.progress(`      ✗ ${p}`);
    for (const w of i.warnings) ctx.progress(`      ! ${w}`);
    for (const a of i.rulesApplied) ctx.progress(`      rule ${a.rule.type}${a.rule.type === 'parameter' ? ` ${a.rule.name}` : ''}${a.rule.origin ? ` (${a.rule.origin})` : ''} → ${a.file} (×${a.count})`);
    if (i.action === 'update' || i.action === 'create') {
      for (const f of Object.keys(i.files)) {
        const d = lineDiff(i.current?.[f] ?? '', i.files[f]);
        if (d) ctx.progress(`    --- ${f}\n${d.split('\n').map((l) => `    ${l}`).join('\n')}`);
      }
    }
  }
  for (const w of plan.warnings ?? []) ctx.progress(`  ! ${w}`);
  for (const e of plan.errors) ctx.progress(`  ✗ ${e}`);
  for (const c of plan.checklist) ctx.progress(`  after deploying: ${c}`);
}

async function targetFor(ctx: CliContext, source: DefinitionRef, to: string | undefined, env: EnvironmentConfig | undefined): Promise<DeployTarget> {
  let p: ItemPath;
  if (to) p = parseItemPath(to);
  else {
    const container = source.kind === 'flow' ? env?.dataverseEnvironment : source.kind === 'item' ? env?.fabricWorkspace : env?.powerbiWorkspace;
    if (!container) throw new UsageError(`Environment "${env?.name}" has no ${source.service} target in ${ENVIRONMENTS_FILE}.`);
    p = { service: source.service, container, raw: `${source.service}/${container}` };
  }
  const c = await resolveContainer(ctx, p);
  if (c.kind === 'dataverse') return { service: 'dataverse', webApiUrl: c.webApiUrl, label: c.name };
  if (c.kind !== source.service) throw new UsageError(`Cannot deploy ${source.service} items to ${c.kind}/${c.name}.`);
  return { service: c.kind, workspaceId: c.id, label: c.name };
}

export const deployCommand: CliCommand = {
  name: 'deploy',
  summary: 'Plan and deploy items to another workspace or environment (Dev → Test → Prod)',
  usage: 'dfw deploy (<path>… | --from DIR) (--to <workspace path> | --env NAME [--config FILE]) [--params parameter.yml [--param-env KEY]] [--dry-run] [--json]',
  help: `Plans like the editor: rules from environments.jsonc (find/replace, M parameters, connection
mapping), linked-dataflow references re-pointed by name, upstream first, create/update/unchanged.
--dry-run prints the plan and diffs and writes nothing. Exit 1 if any item is blocked or failed.
The deployment record (with backups of overwritten targets) goes to .dataflow-workbench/deployments/.
--params reads a fabric-cicd parameter.yml (find_replace, key_value_replace, _ALL_, extend,
$workspace.$id, $items.<Type>.<Name>.$id) for the environment key --param-env (default: --env);
its rules follow the environment's. An environment's "parameterFile" does the same.

Examples:
  dfw deploy "powerbi/Sales [Dev]/Customers" "powerbi/Sales [Dev]/Sales Orders" --env test
  dfw deploy "fabric/Sales [Dev]/Hello World Dataflow" --to "fabric/Sales [Test]" --dry-run
  dfw deploy --from export --env prod          (folders written by dfw export or Fabric Git)
  dfw deploy --from repo --params repo/parameter.yml --param-env PROD --to "fabric/Sales [Prod]"`,
  flags: { from: { value: true }, to: { value: true }, env: { value: true }, config: { value: true }, params: { value: true }, 'param-env': { value: true }, 'dry-run': {}, 'apply-changes': {}, concurrency: { value: true } },
  async run(args) {
    const from = str(args, 'from');
    if (!args.positionals.length && !from) throw new UsageError('Name at least one item path to deploy, or --from DIR.');
    const to = str(args, 'to'), envName = str(args, 'env');
    if (!to === !envName) throw new UsageError('Give exactly one of --to <workspace path> or --env NAME.');
    const paramsFile = str(args, 'params'), paramEnv = str(args, 'param-env') ?? envName;
    if (paramsFile && !paramEnv) throw new UsageError('--params needs --param-env KEY (the environment key in the parameter file) when deploying with --to.');
    if (str(args, 'param-env') && !paramsFile) throw new UsageError('--param-env goes with --params FILE.');
    if (paramsFile && !fs.existsSync(paramsFile)) throw new UsageError(`${paramsFile} not found.`);
    const parameters = paramsFile ? { file: loadParameterFile(paramsFile), environment: paramEnv! } : undefined;
    const ctx = createContext(args);
    let env: EnvironmentConfig | undefined;
    let rootDir = process.cwd();
    if (envName) {
      const file = str(args, 'config') ?? ENVIRONMENTS_FILE;
      // env.parameterFile is relative to the folder holding .dataflow-workbench/ (else the config's folder).
      const dir = path.dirname(path.resolve(file));
      rootDir = path.basename(dir) === '.dataflow-workbench' ? path.dirname(dir) : dir;
      if (!fs.existsSync(file)) throw new UsageError(`${file} not found: create it (see README) or pass --config.`);
      env = parseEnvironmentsFile(fs.readFileSync(file, 'utf8'), file).environments.find((e) => e.name === envName);
      if (!env) throw new UsageError(`No environment "${envName}" in ${file}.`);
    }
    const local = from ? readLocalSources(from) : undefined;
    if (local && !local.length) throw new UsageError(`${from} holds no item folders (Name.Dataflow/, Name.Flow/ …).`);
    const sources: DefinitionRef[] = local ? local.map((x) => x.ref) : [];
    for (const raw of local ? [] : args.positionals) {
      const r = (await resolveItem(ctx, parseItemPath(raw))).ref;
      if (r.kind === 'dataset') throw new UsageError(`${raw} is a dataset; deploy dataflows, Fabric items or flows.`);
      sources.push(r);
    }
    if (new Set(sources.map((s) => s.service)).size > 1) throw new UsageError('Deploy items of one service per run.');
    const target = await targetFor(ctx, sources[0], to, env);
    const plan = planDeployment(await gatherPlanInput({ clients: ctx.clients, sources, target, env, signal: interrupt.signal, localSources: local, parameters, rootDir }));
    printPlan(ctx, plan);
    const blocked = plan.items.some((i) => i.action === 'blocked') || plan.errors.length > 0;
    if (args.flags['dry-run']) {
      ctx.result({ dryRun: true, warnings: plan.warnings, plan: plan.items.map((i) => ({ name: i.source.name, kind: i.source.kind, action: i.action, targetId: i.targetId, problems: i.problems })) },
        `Dry run: ${plan.items.map((i) => `${i.source.name}: ${i.action}`).join(', ')}. Nothing was written.`);
      return blocked ? 1 : 0;
    }
    const record = await executePlan(plan, { clients: ctx.clients, target, signal: interrupt.signal, flowState: env?.flowState,
      applyChanges: !!args.flags['apply-changes'], concurrency: Number(str(args, 'concurrency') ?? 4), onProgress: (i, m) => ctx.progress(`${i}: ${m}`) });
    const dir = path.resolve('.dataflow-workbench', 'deployments');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${record.id}.json`), JSON.stringify(record, null, 2));
    const bad = record.items.filter((i) => ['failed', 'skipped', 'blocked'].includes(i.outcome));
    ctx.result(record, record.items.map((i) => `${i.outcome.padEnd(9)} ${i.name}${i.targetId ? ` (${i.targetId})` : ''}${i.message ? `: ${i.message}` : ''}`).join('\n'));
    return bad.length ? 1 : 0;
  },
};
