// Validation of refresh schedules before they are sent (api-contracts §A.4): weekday names,
// times on :00 or :30, a time zone, at least one day and time when enabled, and a disable-only
// request that changes nothing else.
import type { PbiSchedule } from '../api/types';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function validateSchedule(next: PbiSchedule, current?: PbiSchedule): string[] {
  const problems: string[] = [];
  const merged = { ...current, ...next };
  for (const d of next.days ?? []) if (!WEEKDAYS.includes(d)) problems.push(`"${d}" is not a weekday: use ${WEEKDAYS.join(', ')}.`);
  for (const t of next.times ?? []) if (!/^([01]\d|2[0-3]):(00|30)$/.test(t)) problems.push(`"${t}" is not a valid time: use HH:00 or HH:30 (24-hour).`);
  if ((next.times?.length ?? 0) > 48) problems.push('At most 48 times a day.');
  if (merged.enabled && !(merged.days?.length)) problems.push('Pick at least one day, or disable the schedule.');
  if (merged.enabled && !(merged.times?.length)) problems.push('Pick at least one time, or disable the schedule.');
  if (next.localTimeZoneId !== undefined && !next.localTimeZoneId.trim()) problems.push('The time zone may not be empty (e.g. UTC or W. Europe Standard Time).');
  return problems;
}

/** The request body: disabling sends only {enabled:false}, as the service requires. */
export function scheduleRequest(next: PbiSchedule): PbiSchedule {
  return next.enabled === false ? { enabled: false } : next;
}
