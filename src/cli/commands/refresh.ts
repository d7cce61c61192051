import type { CliCommand } from '../command';
import { UsageError, num, str } from '../args';
import { createContext, interrupt } from '../context';
import { parseItemPath } from '../itemPath';
import { resolveItem } from '../resolve';
import { startRefresh, type RefreshableRef } from '../../core/refresh/operations';
import { waitForRefresh } from '../../core/refresh/wait';

export const refreshCommand: CliCommand = {
  name: 'refresh',
  summary: 'Start a refresh (dataflow, dataset, Dataflow Gen2) and optionally wait for it',
  usage: 'dfw refresh <path> [--wait] [--timeout S] [--cancel-on-timeout] [--type Full --objects Table[,Table/Partition]] [--json]',
  help: `Gen1 dataflow: POST refresh (notifyOption from --notify, default MailOnFailure), then the new
transaction is found and followed. Dataset: standard refresh, or enhanced when --type/--objects
are given (objects are Table or Table/Partition). Dataflow Gen2: runs the Execute job.
With --wait, exits 0 only when the refresh succeeded and prints the service's error otherwise;
--timeout S (default 3600) ends the wait with exit 1 and, with --cancel-on-timeout, cancels it.`,
  flags: { wait: {}, timeout: { value: true }, 'cancel-on-timeout': {}, type: { value: true }, objects: { value: true }, notify: { value: true }, 'commit-mode': { value: true } },
  async run(args) {
    if (!args.positionals[0]) throw new UsageError('Name the item to refresh.');
    const ctx = createContext(args);
    const item = await resolveItem(ctx, parseItemPath(args.positionals[0]));
    const objects = str(args, 'objects')?.split(',').map((o) => { const [table, partition] = o.split('/'); return partition ? { table, partition } : { table }; });
    const op = await startRefresh(ctx.clients, item.ref as RefreshableRef, {
      notifyOption: (str(args, 'notify') as 'MailOnFailure' | 'NoNotification') ?? 'MailOnFailure',
      enhanced: str(args, 'type') || objects ? { type: str(args, 'type') ?? 'Full', commitMode: str(args, 'commit-mode') ?? 'transactional', objects } : undefined,
      signal: interrupt.signal,
    });
    ctx.progress(`started: ${op.label}`);
    if (!args.flags.wait) { ctx.result(op, `Started ${op.label}`); return 0; }
    // The same monitor as the editor follows it, polling from 1 s up to 15 s, within --timeout.
    const final = await waitForRefresh(ctx.clients, op, {
      timeoutMs: (num(args, 'timeout') ?? 3600) * 1000, cancelOnTimeout: !!args.flags['cancel-on-timeout'], signal: interrupt.signal,
      onChange: (o) => ctx.progress(`${o.state}${o.detail ? `: ${o.detail}` : ''}`),
    });
    const state = final.timedOut ? 'timed out' : final.state;
    ctx.result(final, final.state === 'succeeded' ? `Refresh succeeded: ${op.label}` : `Refresh ${state}: ${final.error ?? 'no message from the service'}`);
    return final.state === 'succeeded' ? 0 : 1;
  },
};
