// Device-code and service-principal sign-in through MSAL (core/auth), with the token cache and
// the client secret kept in VS Code's SecretStorage.
import * as vscode from 'vscode';
import type { TokenProvider } from '../../core/http/types';
import { AuthError } from '../../core/http/errors';
import { msalDeviceCodeProvider, msalServicePrincipalProvider, type TokenCacheStore } from '../../core/auth/tokenProviders';
import type { WorkbenchSettings } from '../config';

export const SP_SECRET_KEY = 'dataflowWorkbench.servicePrincipal.clientSecret';
const CACHE_KEY = 'dataflowWorkbench.msal.cache';

function secretCacheStore(secrets: vscode.SecretStorage): TokenCacheStore {
  return {
    load: async () => (await secrets.get(CACHE_KEY)) ?? undefined,
    save: async (data) => { await secrets.store(CACHE_KEY, data); },
  };
}

export function msalTokenProvider(context: vscode.ExtensionContext, settings: WorkbenchSettings,
  scopeForUrl: (url: URL) => string, log: vscode.LogOutputChannel): TokenProvider {
  const cloud = settings.cloud as never;
  if (settings.authMethod === 'deviceCode') {
    const clientId = settings.clientId || '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
    const provider = msalDeviceCodeProvider({
      tenantId: settings.tenantId || undefined, clientId, cloud, cache: secretCacheStore(context.secrets), scopeForUrl,
      onDeviceCode: (message: string) => {
        log.info(message);
        void vscode.window.showInformationMessage(message, 'Copy Code').then((pick) => {
          const code = /code ([A-Z0-9-]+)/.exec(message)?.[1];
          if (pick && code) void vscode.env.clipboard.writeText(code);
        });
      },
    });
    return provider;
  }
  let inner: TokenProvider | undefined;
  return async (url, opts) => {
    if (!inner) {
      const clientSecret = await context.secrets.get(SP_SECRET_KEY);
      if (!settings.tenantId || !settings.clientId) {
        throw new AuthError('A service principal needs dataflowWorkbench.tenantId and dataflowWorkbench.clientId.', 401, 'NotConfigured', undefined, 'other', false);
      }
      if (!clientSecret && !settings.certificatePath) {
        throw new AuthError('No service principal secret stored. Run "Dataflow Workbench: Set Service Principal Secret…" or set a certificate path.', 401, 'NotConfigured', undefined, 'other', false);
      }
      const certificate = settings.certificatePath
        ? { thumbprint: settings.certificateThumbprint, privateKey: (await vscode.workspace.fs.readFile(vscode.Uri.file(settings.certificatePath))).toString() }
        : undefined;
      inner = msalServicePrincipalProvider({ tenantId: settings.tenantId, clientId: settings.clientId, clientSecret, certificate, cloud, scopeForUrl });
    }
    return inner(url, opts);
  };
}
