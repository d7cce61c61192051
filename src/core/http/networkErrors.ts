// Network failures as NetworkError, with every URL in the message redacted (node-fetch puts the
// full request URL, query included, into its messages) and a flag for the ones worth retrying.
import { NetworkError } from './errors';
import { redactUrl } from './redact';

/** Failures where the request most likely never reached the service or its answer was lost. */
const TRANSIENT = /ECONNRESET|ETIMEDOUT|ESOCKETTIMEDOUT|EPIPE|EAI_AGAIN|ECONNABORTED|socket hang up|premature close|network timeout/i;
const transientErrors = new WeakSet<NetworkError>();

export function isTransient(err: NetworkError): boolean {
  return transientErrors.has(err);
}

/** Replaces every absolute URL in a text by its redacted form. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (u) => {
    const tail = /[.,;:)]*$/.exec(u)![0];
    return redactUrl(u.slice(0, u.length - tail.length)) + tail;
  });
}

export function toNetworkError(err: unknown, method: string, url: string, timedOut: boolean, timeoutMs: number): NetworkError {
  const host = new URL(url).host;
  const where = `${method} ${redactUrl(url)}`;
  const e = err as { message?: string; code?: string; errno?: string } | undefined;
  const code = e?.code ?? e?.errno;
  const detail = redactUrlsIn(e?.message ?? String(err));
  // Keep the code for callers, but not the original error: its message holds the raw URL.
  const cause = Object.assign(new Error(detail), code ? { code } : {});
  const out = timedOut
    ? new NetworkError(`No answer from ${host} within ${timeoutMs < 10_000 ? `${+(timeoutMs / 1000).toFixed(1)}` : Math.round(timeoutMs / 1000)} s.`, where, cause)
    : new NetworkError(`Could not reach ${host}: ${detail.replace(/^request to \S+ failed, reason: /, '')}`, where, cause);
  if (timedOut || TRANSIENT.test(`${code ?? ''} ${detail}`)) transientErrors.add(out);
  return out;
}
