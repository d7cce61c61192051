// Pure wording and icons for states shown in the trees: refresh results, job states, flow
// on/off, relative times. Icons are codicon ids.

export type StatusIcon = 'pass' | 'error' | 'sync~spin' | 'circle-slash' | 'question' | 'clock' | 'circle-large-outline';

export interface StateLook {
  /** Short word for descriptions: Succeeded, Failed, Running, Cancelled, Unknown. */
  word: string;
  icon: StatusIcon;
  /** ThemeColor id for the icon, when any. */
  color?: string;
  running: boolean;
}

/** Maps the many services' status strings onto one look. */
export function lookOfStatus(status: string | undefined): StateLook {
  const s = (status ?? '').toLowerCase();
  if (['success', 'succeeded', 'completed', 'complete'].includes(s)) return { word: 'Succeeded', icon: 'pass', color: 'testing.iconPassed', running: false };
  if (['failed', 'failure', 'error', 'timedout'].includes(s)) return { word: s === 'timedout' ? 'Timed out' : 'Failed', icon: 'error', color: 'testing.iconFailed', running: false };
  if (s.startsWith('cancel')) return { word: 'Cancelled', icon: 'circle-slash', running: false };
  if (['inprogress', 'running', 'notstarted', 'unknown', 'queued', 'waiting'].includes(s)) {
    return { word: s === 'notstarted' || s === 'queued' ? 'Queued' : 'Running', icon: 'sync~spin', running: true };
  }
  if (s === 'disabled') return { word: 'Disabled', icon: 'circle-large-outline', running: false };
  if (s === 'deduped') return { word: 'Skipped (duplicate)', icon: 'circle-slash', running: false };
  return { word: status || 'No status', icon: 'question', running: false };
}

/** "just now", "5 min ago", "2 h ago", "3 d ago", or a date for older times. */
export function relativeTime(iso: string | undefined, now: number): string {
  if (!iso) return '';
  const t = parseServiceTime(iso);
  if (Number.isNaN(t)) return '';
  const sec = Math.round((now - t) / 1000);
  if (sec < 45) return 'just now';
  if (sec < 3600) return `${Math.max(1, Math.round(sec / 60))} min ago`;
  if (sec < 86400) return `${Math.round(sec / 3600)} h ago`;
  if (sec < 86400 * 30) return `${Math.round(sec / 86400)} d ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** Fabric job timestamps often lack the Z suffix; they are UTC. */
export function parseServiceTime(iso: string): number {
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + 'Z';
  return Date.parse(withZone);
}

/** "12 s", "3 min 5 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

export function durationBetween(start: string | undefined, end: string | undefined, now: number): number | undefined {
  if (!start) return undefined;
  const a = parseServiceTime(start);
  const b = end ? parseServiceTime(end) : now;
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : b - a;
}

/** "last refresh 2 h ago, Failed" */
export function describeLastRefresh(status: string | undefined, time: string | undefined, now: number): string {
  if (!status && !time) return 'never refreshed';
  const look = lookOfStatus(status);
  if (look.running) return 'refreshing…';
  const when = relativeTime(time, now);
  return `last refresh ${when || 'at an unknown time'}, ${look.word}`;
}

/** Dataverse workflow statecode: 0 Draft/Off, 1 Activated/On, 2 Suspended. */
export function describeFlowState(statecode: number | undefined): { word: 'on' | 'off' | 'suspended'; icon: StatusIcon } {
  if (statecode === 1) return { word: 'on', icon: 'pass' };
  if (statecode === 2) return { word: 'suspended', icon: 'circle-slash' };
  return { word: 'off', icon: 'circle-large-outline' };
}
