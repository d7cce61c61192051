// --data DIR: state.json written atomically (temp file + rename) shortly after each change and on
// close, so a restart keeps every edit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SandboxState } from './state';
import { createEmptyFabricState } from './fabric/state';
import { createEmptyDataverseState } from './dataverse/state';

export function loadState(dir: string): SandboxState | undefined {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as SandboxState;
    return s.version === 1 ? upgrade(s) : undefined;
  } catch { return undefined; }
}

/**
 * Files written before the Fabric and Dataverse emulators got their own state modules hold a
 * subset of today's shape (no lroMode, job errorCode, org region, solution isvisible, possibly no
 * connectionReferences): the optional fields stay absent, the lists are filled in.
 */
function upgrade(s: SandboxState): SandboxState {
  s.workspaces ??= [];
  s.fabric = { ...createEmptyFabricState(), ...s.fabric };
  s.dataverse = { ...createEmptyDataverseState(), ...s.dataverse };
  s.dataverse.connectionReferences ??= [];
  return s;
}

export function createSaver(dir: string | undefined, get: () => SandboxState): { changed(): void; flush(): void } {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) { clearTimeout(timer); timer = undefined; }
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'state.json');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(get()));
    fs.renameSync(tmp, file);
  };
  return {
    changed: () => { if (dir && !timer) timer = setTimeout(flush, 50); },
    flush,
  };
}
