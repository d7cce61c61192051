// Turns core errors into one sentence a user can act on. Shared by the editor and the CLI so the
// same failure reads the same everywhere.
import { ApiError, AuthError, CancelledError, NetworkError, OperationError, ThrottledError } from './http/errors';

export function describeError(err: unknown): string {
  if (err instanceof CancelledError) return 'Cancelled.';
  if (err instanceof ThrottledError) {
    const wait = err.retryAfterMs ? ` (it asked to wait ${Math.ceil(err.retryAfterMs / 1000)} s)` : '';
    return `The service is throttling requests${wait} and the retry budget ran out. Try again in a minute.`;
  }
  if (err instanceof AuthError) {
    const base = err.message || 'The service refused the credentials.';
    return err.signInRequired ? `${base} Sign in again (Dataflow Workbench: Sign In).` : base;
  }
  if (err instanceof ApiError) {
    const code = err.code ? ` [${err.code}]` : '';
    const rid = err.requestId ? ` (request id ${err.requestId})` : '';
    return `${err.message}${code}${rid}`;
  }
  if (err instanceof OperationError) {
    return err.timedOut ? `${err.message} The operation may still finish on the service; check its history.` : err.message;
  }
  if (err instanceof NetworkError) return `${err.message} Check your connection or proxy and try again.`;
  if (err instanceof Error) return err.message;
  return String(err);
}
