import * as vscode from 'vscode';
import { WEEKDAYS, scheduleRequest, validateSchedule } from '../../core/refresh/schedule';
import type { PbiSchedule } from '../../core/api/types';
import type { ItemRef } from '../../core/model/itemRef';
import type { WorkbenchServices } from '../services';

export type ScheduleArgs = PbiSchedule;

/** View and edit a dataset's or dataflow's refresh schedule; validated before sending. */
export async function editSchedule(s: WorkbenchServices, ref: ItemRef | undefined, args?: ScheduleArgs): Promise<PbiSchedule | undefined> {
  if (ref?.kind !== 'dataset' && ref?.kind !== 'dataflow') throw new Error('Pick a dataset or dataflow in the Power BI view.');
  const pbi = s.connection.current.clients.powerbi;
  const current = ref.kind === 'dataset'
    ? await pbi.getDatasetSchedule(ref.workspaceId, ref.id)
    : await pbi.getDataflowSchedule(ref.workspaceId, ref.id).catch(() => ({ enabled: false, days: [], times: [], localTimeZoneId: 'UTC' } as PbiSchedule));
  let next: PbiSchedule | undefined = args;
  if (!next) {
    const enabled = await vscode.window.showQuickPick(['Enabled', 'Disabled'], { title: `Refresh schedule of ${ref.name}`, placeHolder: `Now ${current.enabled ? 'enabled' : 'disabled'}` });
    if (!enabled) return undefined;
    if (enabled === 'Disabled') next = { enabled: false };
    else {
      const days = await vscode.window.showQuickPick(WEEKDAYS.map((d) => ({ label: d, picked: current.days?.includes(d) })), { canPickMany: true, title: 'Days' });
      if (!days) return undefined;
      const times = await vscode.window.showInputBox({ title: 'Times (comma-separated, HH:00 or HH:30)', value: (current.times ?? []).join(', '),
        validateInput: (v) => validateSchedule({ times: v.split(',').map((t) => t.trim()).filter(Boolean) })[0] });
      if (times === undefined) return undefined;
      const tz = await vscode.window.showInputBox({ title: 'Time zone', value: current.localTimeZoneId ?? 'UTC' });
      if (tz === undefined) return undefined;
      next = { enabled: true, days: days.map((d) => d.label), times: times.split(',').map((t) => t.trim()).filter(Boolean), localTimeZoneId: tz };
    }
  }
  const problems = validateSchedule(next, current);
  if (problems.length) throw new Error(`The schedule was not sent: ${problems.join(' ')}`);
  const body = scheduleRequest(next);
  if (ref.kind === 'dataset') await pbi.updateDatasetSchedule(ref.workspaceId, ref.id, body);
  else await pbi.updateDataflowSchedule(ref.workspaceId, ref.id, body);
  s.log.info(`Updated the refresh schedule of ${ref.name}: ${JSON.stringify(body)}`);
  return ref.kind === 'dataset' ? pbi.getDatasetSchedule(ref.workspaceId, ref.id) : body;
}
