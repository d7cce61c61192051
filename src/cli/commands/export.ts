import * as path from 'node:path';
import type { CliCommand } from '../command';
import { UsageError, str } from '../args';
import { createContext, interrupt } from '../context';
import { parseItemPath } from '../itemPath';
import { resolveItem } from '../resolve';
import { hashFiles, itemFolderPath, writeItemFolder } from '../folders';
import { readDataflow, readFabricItem, readFlow } from '../../core/deploy/itemIO';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write decoded definitions to folders (Fabric Git layout)',
  usage: 'dfw export <path>… --out DIR [--json]',
  help: `Writes each item to DIR:
  Fabric items   Name.<Type>/ with .platform, mashup.pq, queryMetadata.json… (Fabric Git / fabric-cicd layout)
  Gen1 dataflows Name.Dataflow/model.json + mashup.pq (the M lives only in mashup.pq)
  Flows          Name.Flow/definition.json
Each folder also gets .dfw.json (source ids and a hash) so "dfw push" can detect conflicts.

Example:
  dfw export "powerbi/Sales [Dev]/Customers" "fabric/Sales [Dev]/Hello World Dataflow" --out export`,
  flags: { out: { value: true } },
  async run(args) {
    const out = str(args, 'out');
    if (!out) throw new UsageError('--out DIR is required.');
    if (!args.positionals.length) throw new UsageError('Name at least one item path.');
    const ctx = createContext(args);
    const written: Array<{ path: string; folder: string }> = [];
    // Case-insensitive file systems (Windows, macOS) hold "Sales" and "sales" in one folder.
    const taken = new Map<string, string>();
    const claim = (folderName: string, raw: string) => {
      const dir = itemFolderPath(out, folderName);
      const key = dir.normalize('NFC').toLowerCase();
      const other = taken.get(key);
      if (other) throw new UsageError(`"${raw}" and "${other}" would share the folder ${dir} on Windows and macOS; export them with separate --out folders.`);
      taken.set(key, raw);
    };
    for (const raw of args.positionals) {
      const item = await resolveItem(ctx, parseItemPath(raw));
      const signal = interrupt.signal;
      const r = item.ref;
      let folder: string;
      const folderName = `${r.name}.${r.kind === 'dataflow' ? 'Dataflow' : r.kind === 'flow' ? 'Flow' : r.kind === 'item' ? r.itemType : ''}`;
      claim(folderName, raw);
      if (r.kind === 'dataflow') {
        const d = await readDataflow(ctx.clients, r.workspaceId, r.id, signal);
        folder = writeItemFolder(out, folderName, d.files, undefined, { service: 'powerbi', kind: 'dataflow', id: r.id, name: r.name, container: r.workspaceId, exportedAt: new Date().toISOString(), baseHash: hashFiles(d.files) });
      } else if (r.kind === 'item') {
        const d = await readFabricItem(ctx.clients, r.workspaceId, r.id, signal);
        folder = writeItemFolder(out, folderName, d.files, d.binary, { service: 'fabric', kind: r.itemType, id: r.id, name: r.name, container: r.workspaceId, exportedAt: new Date().toISOString(), baseHash: hashFiles(d.files), format: d.format });
      } else if (r.kind === 'flow') {
        const d = await readFlow(ctx.clients, r.webApiUrl, r.id, signal);
        folder = writeItemFolder(out, folderName, d.files, undefined, { service: 'dataverse', kind: 'flow', id: r.id, name: r.name, container: r.webApiUrl, exportedAt: new Date().toISOString(), baseHash: hashFiles(d.files) });
      } else {
        throw new UsageError(`"${raw}" is a ${item.kind}, which has no definition to export.`);
      }
      ctx.progress(`exported ${raw} → ${folder}`);
      written.push({ path: raw, folder: path.resolve(folder) });
    }
    ctx.result(written, written.map((w) => w.folder).join('\n'));
    return 0;
  },
};
