// Keeps the sandbox state in <dataDir>/state.json. Writes are atomic (temp file + rename) and
// coalesced: a save runs shortly after ctx.changed() and once more on close.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SandboxState } from './state';

export const STATE_FILE = 'state.json';
const SAVE_DELAY_MS = 50;

/** The persisted state, or undefined when there is none yet. Throws when the file is unusable. */
export function loadState(dataDir: string): SandboxState | undefined {
  const file = path.join(dataDir, STATE_FILE);
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) {
    throw new Error(`Sandbox state ${file} is not valid JSON (${(err as Error).message}). Delete it to start from the seed.`);
  }
  const s = value as Partial<SandboxState> | null;
  if (!s || s.version !== 1 || !Array.isArray(s.workspaces) || !s.powerbi || !s.fabric || !s.dataverse) {
    throw new Error(`Sandbox state ${file} is not a version 1 sandbox state. Delete it to start from the seed.`);
  }
  return s as SandboxState;
}

export function saveStateSync(dataDir: string, state: SandboxState): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 1));
  fs.renameSync(tmp, file);
}

export interface Persister {
  /** Schedules a save (coalesced). */
  schedule(): void;
  /** Saves now if anything is pending (or always, with force) and cancels the timer. */
  flush(force?: boolean): void;
}

export function createPersister(dataDir: string, getState: () => SandboxState, onError: (err: Error) => void): Persister {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  const save = () => {
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    try { saveStateSync(dataDir, getState()); } catch (err) { onError(err as Error); }
  };
  return {
    schedule() {
      dirty = true;
      if (!timer) {
        timer = setTimeout(save, SAVE_DELAY_MS);
        timer.unref();
      }
    },
    flush(force = false) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (force) dirty = true;
      save();
    },
  };
}
