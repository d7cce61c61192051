// Where a deployment goes: an environment from .dataflow-workbench/environments.jsonc, or a
// workspace / Dataverse environment picked from the service. Names or ids both resolve.
import * as vscode from 'vscode';
import { collectAll } from '../../core/http';
import { pickByNameOrId } from '../../core/model/lookup';
import { ENVIRONMENTS_FILE, parseEnvironmentsFile, type EnvironmentConfig } from '../../core/deploy/environmentsFile';
import type { DeployTarget } from '../../core/deploy/executor';
import type { DefinitionRef } from '../../core/model/itemRef';
import type { WorkbenchServices } from '../services';

export async function readEnvironments(): Promise<{ envs: EnvironmentConfig[]; uri: vscode.Uri } | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, ENVIRONMENTS_FILE);
    let text: string;
    try { text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8'); } catch { continue; }
    return { envs: parseEnvironmentsFile(text, uri.fsPath).environments, uri };
  }
  return undefined;
}

const byNameOrId = <T>(list: T[], key: string, id: (t: T) => string, name: (t: T) => string): T | undefined => {
  try { return pickByNameOrId(key, list, id, name, 'item'); } catch { return undefined; }
};

/** Resolves an environment (or a bare workspace / environment name or id) to a deploy target for the given source kind. */
export async function resolveTarget(s: WorkbenchServices, source: DefinitionRef, key: string, env?: EnvironmentConfig): Promise<DeployTarget> {
  const c = s.connection.current.clients;
  if (source.kind === 'flow') {
    const want = env?.dataverseEnvironment ?? key;
    const envs = await c.discovery.listEnvironments();
    const hit = byNameOrId(envs, want, (e) => e.id, (e) => e.friendlyName ?? e.uniqueName) ?? envs.find((e) => e.urlName?.toLowerCase() === want.toLowerCase() || e.webApiUrl.toLowerCase().startsWith(want.toLowerCase()));
    if (!hit) throw new Error(`No Dataverse environment "${want}". Check ${env ? `${ENVIRONMENTS_FILE} (${env.name})` : 'the name'} against the Power Automate view.`);
    return { service: 'dataverse', webApiUrl: hit.webApiUrl, label: hit.friendlyName ?? hit.urlName ?? hit.uniqueName };
  }
  const want = (source.kind === 'item' ? env?.fabricWorkspace : env?.powerbiWorkspace) ?? key;
  if (source.kind === 'item') {
    const ws = await collectAll(c.fabric.listWorkspaces());
    const hit = byNameOrId(ws, want, (w) => w.id, (w) => w.displayName);
    if (!hit) throw new Error(`No Fabric workspace "${want}"${env ? ` (environment ${env.name} in ${ENVIRONMENTS_FILE})` : ''}.`);
    return { service: 'fabric', workspaceId: hit.id, label: hit.displayName };
  }
  const groups = await collectAll(c.powerbi.listGroups());
  const hit = byNameOrId(groups, want, (g) => g.id, (g) => g.name);
  if (!hit) throw new Error(`No Power BI workspace "${want}"${env ? ` (environment ${env.name} in ${ENVIRONMENTS_FILE})` : ''}.`);
  return { service: 'powerbi', workspaceId: hit.id, label: hit.name };
}

/** Asks where to deploy: environments first, then "another workspace…". */
export async function pickTarget(s: WorkbenchServices, source: DefinitionRef): Promise<{ target: DeployTarget; env?: EnvironmentConfig } | undefined> {
  const file = await readEnvironments();
  type Pick = vscode.QuickPickItem & { env?: EnvironmentConfig; other?: boolean };
  const picks: Pick[] = (file?.envs ?? []).map((env) => ({ label: `$(server-environment) ${env.name}`, description: source.kind === 'flow' ? env.dataverseEnvironment : source.kind === 'item' ? env.fabricWorkspace : env.powerbiWorkspace, detail: `${env.rules.length} rule(s)${env.flowState !== 'keep' ? `, flows ${env.flowState}` : ''}`, env }));
  picks.push({ label: '$(folder-library) Another workspace or environment…', other: true });
  const pick = picks.length === 1 ? picks[0] : await vscode.window.showQuickPick(picks, { title: `Deploy "${source.name}" to…`, placeHolder: file ? 'Environments from environments.jsonc' : 'No environments.jsonc yet: pick a target' });
  if (!pick) return undefined;
  if (pick.env) return { target: await resolveTarget(s, source, pick.env.name, pick.env), env: pick.env };
  const c = s.connection.current.clients;
  const options = source.kind === 'flow'
    ? (await c.discovery.listEnvironments()).map((e) => ({ label: e.friendlyName ?? e.uniqueName, description: e.urlName, key: e.id }))
    : source.kind === 'item'
      ? (await collectAll(c.fabric.listWorkspaces())).map((w) => ({ label: w.displayName, description: w.id, key: w.id }))
      : (await collectAll(c.powerbi.listGroups())).map((g) => ({ label: g.name, description: g.id, key: g.id }));
  const sourceContainer = source.kind === 'flow' ? source.environmentId : source.workspaceId;
  const chosen = await vscode.window.showQuickPick(options.filter((o) => o.key !== sourceContainer),
    { title: `Deploy "${source.name}" to…`, placeHolder: 'Pick the target workspace (type to filter by name or id)', matchOnDescription: true });
  return chosen ? { target: await resolveTarget(s, source, chosen.key) } : undefined;
}
