import * as vscode from 'vscode';
import type { PowerAutomateTreeProvider } from '../tree/powerAutomateTree';

export async function addEnvironment(tree: PowerAutomateTreeProvider, url?: string): Promise<void> {
  const value = url ?? await vscode.window.showInputBox({
    title: 'Add a Dataverse environment', placeHolder: 'https://contoso.crm4.dynamics.com',
    prompt: 'The environment URL from the Power Platform admin center (Settings → Session details).',
    validateInput: (v) => { try { const u = new URL(v); return /^https?:$/.test(u.protocol) ? undefined : 'Use an https:// URL.'; } catch { return 'Not a URL: paste the environment URL, e.g. https://contoso.crm4.dynamics.com'; } },
  });
  if (!value) return;
  await tree.addEnvironment(value);
}
