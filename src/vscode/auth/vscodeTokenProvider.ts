// Tokens from VS Code's built-in Microsoft authentication provider, one session per resource
// scope. Silent by design: requests never pop UI; the Sign In command asks interactively.
import * as vscode from 'vscode';
import { AuthError } from '../../core/http/errors';
import type { TokenProvider } from '../../core/http/types';

export interface VscodeAuthOptions {
  cloud: string;
  tenantId?: string;
  clientId?: string;
  /** Maps a request URL to the `.default` scope of its resource. */
  scopeForUrl: (url: URL) => string;
}

/** Provider id for the configured cloud: sovereign clouds use VS Code's sovereign provider. */
export function authProviderId(cloud: string): string {
  return cloud === 'Public' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

/**
 * Scope list for getSession. Hints are passed as VSCODE_TENANT:/VSCODE_CLIENT_ID: pseudo-scopes;
 * the array is sorted so identical requests hit the same cached session.
 */
export function sessionScopes(resourceScope: string, tenantId?: string, clientId?: string): string[] {
  const scopes = [resourceScope, 'offline_access'];
  if (tenantId) scopes.push(`VSCODE_TENANT:${tenantId}`);
  if (clientId) scopes.push(`VSCODE_CLIENT_ID:${clientId}`);
  return scopes.sort();
}

export function vscodeTokenProvider(opts: VscodeAuthOptions): TokenProvider {
  return async (url) => {
    const scope = opts.scopeForUrl(url);
    const session = await vscode.authentication.getSession(
      authProviderId(opts.cloud), sessionScopes(scope, opts.tenantId, opts.clientId), { silent: true });
    if (!session) {
      throw new AuthError(`Not signed in for ${new URL(scope).host}.`, 401, 'NotSignedIn', undefined, 'other', true);
    }
    return session.accessToken;
  };
}

/** Interactive sign-in for the given scopes; returns the account label. */
export async function signInInteractive(opts: VscodeAuthOptions, scopes: string[], switchAccount = false): Promise<string> {
  let label = '';
  for (const scope of scopes) {
    const session = await vscode.authentication.getSession(
      authProviderId(opts.cloud), sessionScopes(scope, opts.tenantId, opts.clientId),
      switchAccount && !label ? { clearSessionPreference: true, createIfNone: true } : { createIfNone: true });
    label = session.account.label;
  }
  return label;
}

export async function currentAccount(opts: VscodeAuthOptions, scope: string): Promise<string | undefined> {
  const session = await vscode.authentication.getSession(
    authProviderId(opts.cloud), sessionScopes(scope, opts.tenantId, opts.clientId), { silent: true });
  return session?.account.label;
}
