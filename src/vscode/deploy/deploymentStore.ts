// Keeps the last deployment records (with their backups) in the extension's global storage, so
// "Undo Last Deployment" works after a reload.
import * as vscode from 'vscode';
import type { DeploymentRecord } from '../../core/deploy/executor';

const KEEP = 20;

export class DeploymentStore {
  constructor(private readonly dir: vscode.Uri) {}
  private get file(): vscode.Uri { return vscode.Uri.joinPath(this.dir, 'deployments.json'); }

  async all(): Promise<DeploymentRecord[]> {
    try { return JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.file)).toString('utf8')) as DeploymentRecord[]; } catch { return []; }
  }
  async add(r: DeploymentRecord): Promise<void> {
    const list = [r, ...(await this.all())].slice(0, KEEP);
    await vscode.workspace.fs.createDirectory(this.dir);
    await vscode.workspace.fs.writeFile(this.file, Buffer.from(JSON.stringify(list)));
  }
  async remove(id: string): Promise<void> {
    const list = (await this.all()).filter((r) => r.id !== id);
    await vscode.workspace.fs.writeFile(this.file, Buffer.from(JSON.stringify(list)));
  }
}
