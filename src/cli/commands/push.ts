import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { UsageError, str } from '../args';
import { createContext, interrupt } from '../context';
import { parseItemPath } from '../itemPath';
import { resolveItem } from '../resolve';
import { hashFiles, readItemFolder } from '../folders';
import { validatePath } from './validate';
import { executePlan, type DeployTarget } from '../../core/deploy/executor';
import { readDataflow, readFabricItem, readFlow } from '../../core/deploy/itemIO';
import type { Plan } from '../../core/deploy/planner';

export const pushCommand: CliCommand = {
  name: 'push',
  summary: 'Push an edited export folder back to its item (validated, conflict-checked, backed up)',
  usage: 'dfw push DIR --to <path> [--force] [--apply-changes] [--json]',
  help: `Validates the folder (M and JSON), refuses to overwrite an item that changed on the service
since the folder was exported (unless --force), backs the target up to
.dataflow-workbench/backups/, then pushes: Gen1 through the import API (Overwrite, polled until
published), Fabric through updateDefinition, flows through a PATCH with the etag.
--apply-changes runs ApplyChanges after a Dataflow Gen2 update so it goes live.`,
  flags: { to: { value: true }, force: {}, 'apply-changes': {} },
  async run(args) {
    const dir = args.positionals[0];
    const to = str(args, 'to');
    if (!dir || !to) throw new UsageError('Usage: dfw push DIR --to <path>');
    const ctx = createContext(args);
    const problems = (await validatePath(dir)).filter((d) => d.severity === 'error');
    if (problems.length) {
      for (const d of problems) ctx.progress(`${d.file}:${d.line}:${d.column}: error: ${d.message}`);
      ctx.result({ pushed: false, errors: problems }, `Not pushed: ${problems.length} error(s) in ${dir}.`);
      return 1;
    }
    const { files, meta } = readItemFolder(dir);
    const item = await resolveItem(ctx, parseItemPath(to));
    const r = item.ref;
    const signal = interrupt.signal;
    let current: Record<string, string>;
    let target: DeployTarget;
    if (r.kind === 'dataflow') { current = (await readDataflow(ctx.clients, r.workspaceId, r.id, signal)).files; target = { service: 'powerbi', workspaceId: r.workspaceId, label: r.workspaceName }; }
    else if (r.kind === 'item') { current = (await readFabricItem(ctx.clients, r.workspaceId, r.id, signal)).files; target = { service: 'fabric', workspaceId: r.workspaceId, label: r.workspaceName }; }
    else if (r.kind === 'flow') { current = (await readFlow(ctx.clients, r.webApiUrl, r.id, signal)).files; target = { service: 'dataverse', webApiUrl: r.webApiUrl, label: r.environmentName }; }
    else throw new UsageError(`${to} is a ${item.kind}; only dataflows, Fabric items and flows can be pushed.`);
    if (meta && meta.id === r.id && hashFiles(current) !== meta.baseHash && !args.flags.force) {
      ctx.result({ pushed: false, conflict: true }, `Conflict: ${to} changed on the service since ${dir} was exported (${meta.exportedAt}). Export it again and re-apply your edits, or push with --force to overwrite.`);
      return 1;
    }
    const plan: Plan = { target: target.label, errors: [], checklist: [], unusedRules: [], items: [{
      key: 'push', source: { ref: r, kind: item.kind, name: r.name, files }, action: 'update', targetId: r.id, files, current,
      rulesApplied: [], references: [], dependsOn: [], problems: [], warnings: [] }] };
    const record = await executePlan(plan, { clients: ctx.clients, target, signal, applyChanges: !!args.flags['apply-changes'], onProgress: (_i, m) => ctx.progress(m) });
    const res = record.items[0];
    if (res.backup) {
      const backups = path.resolve('.dataflow-workbench', 'backups');
      fs.mkdirSync(backups, { recursive: true });
      const file = path.join(backups, `${r.id}-${Date.now()}.json`);
      fs.writeFileSync(file, JSON.stringify({ ref: r, backup: res.backup }, null, 2));
      ctx.progress(`backup of the previous version: ${file}`);
    }
    if (res.outcome === 'failed') { ctx.result({ pushed: false, error: res.message }, `Push failed: ${res.message}`); return 1; }
    if (meta) fs.writeFileSync(path.join(dir, '.dfw.json'), JSON.stringify({ ...meta, id: r.id, baseHash: hashFiles(files), exportedAt: new Date().toISOString() }, null, 2) + '\n');
    ctx.result({ pushed: true, id: r.id, message: res.message }, `Pushed ${dir} → ${to}${res.message ? ` (${res.message})` : ''}`);
    return 0;
  },
};
