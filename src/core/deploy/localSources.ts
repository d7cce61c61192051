// Deploy from a local folder (an export or a git checkout in Fabric Git layout): every
// `<Name>.<Type>/` folder becomes a plan source. `Name.Dataflow/` with model.json is a Gen1
// dataflow, `Name.Flow/` a cloud flow, any other `Name.<FabricType>/` a Fabric item.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DefinitionRef } from '../model/itemRef';
import type { PlanSource } from './planner';

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of fs.readdirSync(d).sort()) {
      const p = path.join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      if (fs.statSync(p).isDirectory()) walk(p, r);
      else if (n !== '.dfw.json') out[r] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** Item folders directly in `root` (or `root` itself when it is one). */
export function readLocalSources(root: string): PlanSource[] {
  const isItem = (name: string) => /^.+\.[A-Za-z]+$/.test(name);
  const dirs = isItem(path.basename(root)) && fs.statSync(root).isDirectory() ? [root]
    : fs.readdirSync(root).map((n) => path.join(root, n)).filter((p) => fs.statSync(p).isDirectory() && isItem(path.basename(p)));
  return dirs.map((dir) => {
    const base = path.basename(dir);
    const type = base.slice(base.lastIndexOf('.') + 1);
    const files = readTree(dir);
    let meta: { id?: string; container?: string; name?: string } = {};
    try { meta = JSON.parse(fs.readFileSync(path.join(dir, '.dfw.json'), 'utf8')); } catch { /* a plain git checkout */ }
    let name = meta.name ?? folderDisplayName(base.slice(0, base.lastIndexOf('.')));
    if (files['.platform']) {
      try { name = JSON.parse(files['.platform']).metadata?.displayName ?? name; } catch { /* keep the folder name */ }
    }
    const id = meta.id ?? `local:${base}`;
    const gen1 = type === 'Dataflow' && 'model.json' in files && !('queryMetadata.json' in files);
    const kind = gen1 ? 'dataflow' : type === 'Flow' ? 'flow' : type;
    const ref: DefinitionRef = kind === 'dataflow'
      ? { service: 'powerbi', kind: 'dataflow', workspaceId: meta.container ?? '', workspaceName: path.basename(root), id, name }
      : kind === 'flow'
        ? { service: 'dataverse', kind: 'flow', webApiUrl: meta.container ?? '', environmentId: '', environmentName: path.basename(root), id, name }
        : { service: 'fabric', kind: 'item', itemType: type, workspaceId: meta.container ?? '', workspaceName: path.basename(root), id, name };
    return { ref, kind, name, files };
  });
}

/** A folder name back to the display name (safeFileName escapes); a Git checkout's `100%` stays as is. */
function folderDisplayName(folder: string): string {
  try { return decodeURIComponent(folder); } catch { return folder; }
}
