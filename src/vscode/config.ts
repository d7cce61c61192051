// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';
import type { EndpointOverrides } from '../core/endpoints';

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
}

export function readSettings(): WorkbenchSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const endpoints = c.get<EndpointOverrides | null>('endpoints') ?? undefined;
  return {
    cloud: c.get<string>('cloud', 'Public'),
    tenantId: c.get<string>('tenantId', ''),
    clientId: c.get<string>('clientId', ''),
    authMethod: c.get<AuthMethod>('auth.method', 'vscode'),
    certificatePath: c.get<string>('auth.servicePrincipal.certificatePath', ''),
    certificateThumbprint: c.get<string>('auth.servicePrincipal.certificateThumbprint', ''),
    endpoints: endpoints && Object.keys(endpoints).length ? endpoints : undefined,
    extraDataverseEnvironments: c.get<string[]>('dataverse.environments', []),
    logRequests: c.get<boolean>('log.requests', true),
  };
}

/** True when a change touches settings that decide where requests go or how they are signed. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return ['cloud', 'tenantId', 'clientId', 'auth', 'endpoints', 'dataverse.environments']
    .some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
