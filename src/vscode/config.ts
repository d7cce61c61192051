// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';
import type { EndpointOverrides } from '../core/endpoints';
import { checkSettings, type SettingProblem } from '../core/settingsCheck';

export const SECTION = 'dataflowWorkbench';

export type AuthMethod = 'vscode' | 'deviceCode' | 'servicePrincipal';

export interface WorkbenchSettings {
  cloud: string;
  tenantId: string;
  clientId: string;
  authMethod: AuthMethod;
  certificatePath: string;
  certificateThumbprint: string;
  endpoints: EndpointOverrides | undefined;
  extraDataverseEnvironments: string[];
  logRequests: boolean;
  /** Settings whose values were wrong (their defaults are used instead); shown to the user. */
  problems: SettingProblem[];
}

export function readSettings(): WorkbenchSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  // Values are checked in core (settingsCheck); a wrong one falls back to its default.
  const { problems, endpoints } = checkSettings((k) => c.get(k));
  const bad = new Set(problems.map((p) => p.key));
  const get = <T>(key: string, fallback: T): T => (bad.has(key) ? fallback : c.get<T>(key, fallback));
  return {
    cloud: get<string>('cloud', 'Public'),
    tenantId: get<string>('tenantId', ''),
    clientId: get<string>('clientId', ''),
    authMethod: get<AuthMethod>('auth.method', 'vscode'),
    certificatePath: get<string>('auth.servicePrincipal.certificatePath', ''),
    certificateThumbprint: get<string>('auth.servicePrincipal.certificateThumbprint', ''),
    endpoints,
    extraDataverseEnvironments: get<string[]>('dataverse.environments', []),
    logRequests: get<boolean>('log.requests', true),
    problems,
  };
}

/** True when a change touches settings that decide where requests go or how they are signed. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return ['cloud', 'tenantId', 'clientId', 'auth', 'endpoints', 'dataverse.environments']
    .some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
