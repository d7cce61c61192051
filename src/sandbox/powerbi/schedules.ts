// Refresh schedule validation shared by datasets and dataflows (PATCH …/refreshSchedule with
// {"value": {…partial…}}): times on :00/:30, known days, at least one day and time when enabled,
// and a request that disables the schedule must change nothing else.
import type { SandboxResponse } from '../types';
import type { RefreshSchedule } from './state';
import { pbiBadRequest } from './errors';
import { isObject } from './router';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const KEYS = ['days', 'times', 'enabled', 'localTimeZoneId', 'notifyOption'];
export const MAX_TIMES = 48;

export function applySchedulePatch(current: RefreshSchedule, body: unknown, notifyOptions: readonly string[]): { schedule: RefreshSchedule } | { error: SandboxResponse } {
  const bad = (msg: string) => ({ error: pbiBadRequest('InvalidRequest', msg) });
  if (!isObject(body) || !isObject(body.value)) return bad('Body must be {"value": {days?, times?, enabled?, localTimeZoneId?, notifyOption?}}.');
  const v = body.value;
  const unknown = Object.keys(v).filter((k) => !KEYS.includes(k));
  if (unknown.length) return bad(`Unknown schedule properties: ${unknown.join(', ')}.`);
  if (v.enabled === false && Object.keys(v).length > 1) {
    return bad('A request that disables the refresh schedule must not change other properties. Send {"value":{"enabled":false}} alone.');
  }
  const next: RefreshSchedule = { ...current, days: [...current.days], times: [...current.times] };
  if (v.enabled !== undefined) {
    if (typeof v.enabled !== 'boolean') return bad('enabled must be true or false.');
    next.enabled = v.enabled;
  }
  if (v.days !== undefined) {
    if (!Array.isArray(v.days) || v.days.some((d) => typeof d !== 'string')) return bad('days must be an array of day names.');
    const days = (v.days as string[]).map((d) => DAYS.find((x) => x.toLowerCase() === d.toLowerCase()) ?? d);
    const wrong = days.filter((d) => !DAYS.includes(d));
    if (wrong.length) return bad(`Unknown day(s): ${wrong.join(', ')}. Use ${DAYS.join(', ')}.`);
    next.days = [...new Set(days)];
  }
  if (v.times !== undefined) {
    if (!Array.isArray(v.times) || v.times.some((t) => typeof t !== 'string')) return bad('times must be an array of "hh:mm" strings.');
    const wrong = (v.times as string[]).filter((t) => !/^([01]?\d|2[0-3]):(00|30)$/.test(t));
    if (wrong.length) return bad(`Invalid time(s): ${wrong.join(', ')}. Times must be "hh:mm" on the hour or half hour (:00 or :30).`);
    if (v.times.length > MAX_TIMES) return bad(`At most ${MAX_TIMES} times per day.`);
    next.times = [...new Set((v.times as string[]).map((t) => t.padStart(5, '0')))].sort();
  }
  if (v.localTimeZoneId !== undefined) {
    if (typeof v.localTimeZoneId !== 'string' || !v.localTimeZoneId.trim()) return bad('localTimeZoneId must be a time zone id such as "UTC".');
    next.localTimeZoneId = v.localTimeZoneId;
  }
  if (v.notifyOption !== undefined) {
    if (typeof v.notifyOption !== 'string' || !notifyOptions.includes(v.notifyOption)) return bad(`notifyOption must be one of ${notifyOptions.join(', ')}.`);
    next.notifyOption = v.notifyOption;
  }
  if (next.enabled && next.days.length === 0) return bad('An enabled refresh schedule needs at least one day.');
  if (next.enabled && next.times.length === 0) return bad('An enabled refresh schedule needs at least one time.');
  return { schedule: next };
}
