// On-disk layout of exported items, compatible with Fabric Git integration and fabric-cicd:
//   <Name>.<FabricType>/ with its definition parts (.platform, mashup.pq, queryMetadata.json…)
//   <Name>.Dataflow/model.json + mashup.pq for Gen1 dataflows (model.json without the M)
//   <Name>.Flow/definition.json for Power Automate flows
// plus `.dfw.json`: where the folder came from and a hash of what the service held, so a push
// can tell whether someone changed the item since.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { safeFileName } from '../core/definitions/paths';

export interface FolderMeta { service: 'powerbi' | 'fabric' | 'dataverse'; kind: string; id: string; name: string; container: string; exportedAt: string; baseHash: string; format?: string }

/**
 * A folder-safe name: core's safeFileName (reserved characters, leading dots, trailing dots and
 * spaces %-escaped; 200 characters). Reversible, so "a/b" and "a:b" get different folders and
 * `deploy --from` reads the display name back with decodeURIComponent.
 */
export function safeName(name: string): string {
  return safeFileName(name);
}

export function hashFiles(files: Record<string, string>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(files).sort()) h.update(k).update('\0').update(files[k].replace(/\r\n/g, '\n')).update('\0');
  return h.digest('hex').slice(0, 32);
}

/** Resolves a part path inside a folder, refusing anything that would escape it. */
export function confined(root: string, rel: string): string {
  const full = path.resolve(root, rel);
  if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`Refusing part path "${rel}": it points outside ${root}.`);
  return full;
}

/** Where an item's folder goes under `out` (the same rule for every caller). */
export function itemFolderPath(out: string, folderName: string): string {
  const dot = folderName.lastIndexOf('.');
  const [base, type] = dot > 0 ? [folderName.slice(0, dot), folderName.slice(dot + 1)] : [folderName, ''];
  return confined(out, safeName(base) + (type ? '.' + safeName(type) : ''));
}

function filesBelow(dir: string, rel = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesBelow(path.join(dir, e.name), r) : [r];
  });
}

/**
 * Writes an item's folder. A folder that already holds another item's export (another id in its
 * .dfw.json, or files without one) is never overwritten: two items with the same name, or names
 * that differ only in case (one folder on Windows and macOS), must go to different --out folders.
 * Re-exporting the same item replaces the folder's contents, so a part removed on the service
 * does not linger and come back with the next deploy.
 */
export function writeItemFolder(out: string, folderName: string, files: Record<string, string>, binary: Record<string, string> | undefined, meta: FolderMeta): string {
  const dir = itemFolderPath(out, folderName);
  if (fs.existsSync(dir)) {
    const metaFile = path.join(dir, '.dfw.json');
    let previous: Partial<FolderMeta> | undefined;
    try { previous = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Partial<FolderMeta>; } catch { previous = undefined; }
    const existing = filesBelow(dir);
    if (previous ? previous.id !== meta.id : existing.length > 0) {
      throw new Error(`Not exporting "${meta.name}" (${meta.id}) to ${dir}: that folder already holds ${previous ? `"${previous.name}" (${previous.id})` : 'files that dfw did not write'}. `
        + 'Items with the same name, or names that differ only in letter case, need separate --out folders; nothing was overwritten.');
    }
    for (const rel of existing) fs.rmSync(confined(dir, rel));
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    const p = confined(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  for (const [rel, b64] of Object.entries(binary ?? {})) {
    const p = confined(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, Buffer.from(b64, 'base64'));
  }
  fs.writeFileSync(path.join(dir, '.dfw.json'), JSON.stringify(meta, null, 2) + '\n');
  return dir;
}

export function readItemFolder(dir: string): { files: Record<string, string>; meta?: FolderMeta } {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder exported by "dfw export".`);
  const files: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      if (fs.statSync(p).isDirectory()) walk(p, r);
      else if (r !== '.dfw.json') files[r] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  let meta: FolderMeta | undefined;
  try { meta = JSON.parse(fs.readFileSync(path.join(dir, '.dfw.json'), 'utf8')); } catch { meta = undefined; }
  return { files, meta };
}
