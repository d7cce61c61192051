// "Deploy to workspace…": plan (with progress), review (summary + diffs), confirm, execute
// (with progress and cancel), record for undo, and report exactly what happened to each item.
import * as vscode from 'vscode';
import { gatherPlanInput } from '../../core/deploy/gather';
import { planDeployment, type Plan, type PlanSource } from '../../core/deploy/planner';
import { executePlan, type DeployTarget, type DeploymentRecord } from '../../core/deploy/executor';
import type { EnvironmentConfig } from '../../core/deploy/environmentsFile';
import { isDefinitionRef, type DefinitionRef } from '../../core/model/itemRef';
import { refFromArg } from '../tree/treeNode';
import { withCancellableProgress } from '../util/cancellation';
import type { WorkbenchServices } from '../services';
import type { PlanDocuments } from './planDocuments';
import type { DeploymentStore } from './deploymentStore';
import { pickTarget, readEnvironments, resolveTarget } from './targets';

export interface DeployArgs {
  /** Environment name from environments.jsonc, or a workspace / environment name or id. */
  target?: string;
  /** false deploys without the confirmation prompt (tests, or the setting). */
  confirm?: boolean;
}

export interface DeployDeps { s: WorkbenchServices; docs: PlanDocuments; store: DeploymentStore }

export function refsFromArgs(node: unknown, selection: unknown): DefinitionRef[] {
  const all = Array.isArray(selection) && selection.length ? selection : [node];
  return all.map(refFromArg).filter(isDefinitionRef);
}

export async function deployItems(d: DeployDeps, refs: DefinitionRef[], args: DeployArgs = {}, local?: PlanSource[]): Promise<DeploymentRecord | undefined> {
  if (!refs.length) throw new Error('Pick one or more dataflows, Fabric items or flows in a Dataflow Workbench view, then run Deploy to workspace….');
  if (new Set(refs.map((r) => r.service)).size > 1) throw new Error('Deploy items of one service at a time (Power BI, Fabric or Power Automate).');
  let target: DeployTarget;
  let env: EnvironmentConfig | undefined;
  if (args.target) {
    env = (await readEnvironments())?.envs.find((e) => e.name === args.target);
    target = await resolveTarget(d.s, refs[0], args.target, env);
  } else {
    const picked = await pickTarget(d.s, refs[0]);
    if (!picked) return undefined;
    ({ target, env } = picked);
  }
  const clients = d.s.connection.current.clients;
  const plan = await withCancellableProgress(`Planning deployment to ${target.label}`, async (signal, report) => {
    report(`reading ${refs.length} item(s) and the target`);
    // env.parameterFile (a fabric-cicd parameter.yml) is relative to the workspace folder.
    const rootDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return planDeployment(await gatherPlanInput({ clients, sources: refs, target, env, signal, localSources: local, rootDir }));
  });
  const id = d.docs.add(plan);
  const changes = plan.items.filter((i) => i.action === 'create' || i.action === 'update');
  const confirm = args.confirm ?? vscode.workspace.getConfiguration('dataflowWorkbench').get<boolean>('deploy.confirm', true);
  if (confirm) {
    const summary = await vscode.workspace.openTextDocument(d.docs.summaryUri(id));
    await vscode.languages.setTextDocumentLanguage(summary, 'markdown');
    await vscode.window.showTextDocument(summary, { preview: true, preserveFocus: true });
    const answer = await review(d, id, plan, changes.length);
    if (answer !== 'deploy') return undefined;
  }
  if (!changes.length) {
    void vscode.window.showInformationMessage(`Nothing to deploy to ${target.label}: ${plan.items.length} item(s) unchanged or blocked.`);
    return { id, at: new Date().toISOString(), target, items: plan.items.map((i) => ({ key: i.key, name: i.source.name, kind: i.source.kind, outcome: i.action === 'blocked' ? 'blocked' : 'unchanged', targetId: i.targetId, message: i.problems.join(' ') || undefined })) };
  }
  const applyChanges = vscode.workspace.getConfiguration('dataflowWorkbench').get<string>('gen2.applyChangesAfterSave', 'ask') !== 'never';
  const record = await withCancellableProgress(`Deploying to ${target.label}`, (signal, report) => executePlan(plan, {
    clients, target, signal, flowState: env?.flowState, applyChanges,
    onProgress: (item, message) => { report(`${item}: ${message}`); d.s.log.info(`Deploy ${item} → ${target.label}: ${message}`); },
  }));
  await d.store.add(record);
  summarize(d.s, record);
  (d.s.features.trees as { all?: Array<{ refresh(): void }> } | undefined)?.all?.forEach((p) => p.refresh());
  return record;
}

async function review(d: DeployDeps, id: string, plan: Plan, changes: number): Promise<'deploy' | undefined> {
  for (;;) {
    const blocked = plan.items.filter((i) => i.action === 'blocked').length;
    const buttons = [changes ? `Deploy ${changes} item(s)` : undefined, 'Show Diffs…'].filter((b): b is string => !!b);
    const answer = await vscode.window.showInformationMessage(
      `Deploy to ${plan.target}: ${changes} change(s)${blocked ? `, ${blocked} blocked (see the plan)` : ''}.`, { modal: true }, ...buttons);
    if (!answer) return undefined;
    if (answer.startsWith('Deploy')) return 'deploy';
    const pick = await vscode.window.showQuickPick(plan.items.flatMap((item, index) => Object.keys(item.files)
      .filter((f) => item.current?.[f] !== item.files[f])
      .map((file) => ({ label: `${item.source.name} · ${file}`, description: item.action, index, file }))), { title: 'Current target ↔ what will be deployed' });
    if (pick) {
      await vscode.commands.executeCommand('vscode.diff', d.docs.fileUri(id, pick.index, 'current', pick.file), d.docs.fileUri(id, pick.index, 'proposed', pick.file),
        `${plan.items[pick.index].source.name} · ${pick.file} (${plan.target} ↔ deploy)`);
    }
  }
}

function summarize(s: WorkbenchServices, r: DeploymentRecord): void {
  const by = (o: string) => r.items.filter((i) => i.outcome === o);
  const failed = [...by('failed'), ...by('skipped'), ...by('blocked')];
  for (const i of r.items) s.log.info(`Deploy → ${r.target.label}: ${i.name} ${i.outcome}${i.message ? `: ${i.message}` : ''}`);
  // Deployed items can still carry a message that needs the user (a flow left off, say).
  const notes = r.items.filter((i) => (i.outcome === 'created' || i.outcome === 'updated') && i.message).map((i) => i.message);
  const text = `Deployed to ${r.target.label}: ${by('created').length} created, ${by('updated').length} updated, ${by('unchanged').length} unchanged${failed.length ? `, ${failed.length} not deployed (${failed.map((f) => `${f.name}: ${f.message}`).join('; ')})` : ''}.${notes.length ? ` ${notes.join(' ')}` : ''}`;
  if (failed.length || notes.length) void vscode.window.showWarningMessage(text, 'Show Log', 'Undo Last Deployment').then((p) => {
    if (p === 'Show Log') s.log.show(true);
    if (p === 'Undo Last Deployment') void vscode.commands.executeCommand('dataflowWorkbench.undoLastDeployment');
  });
  else void vscode.window.showInformationMessage(text, 'Undo Last Deployment').then((p) => { if (p) void vscode.commands.executeCommand('dataflowWorkbench.undoLastDeployment'); });
}
