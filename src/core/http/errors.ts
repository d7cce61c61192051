// Typed errors of the core. Every failure that reaches a user is one of these, so the editor and
// the CLI can word it well and treat cancellation silently.
import type { ServiceKind } from './types';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    /** The service's error code (Power BI error.code, Fabric errorCode, Dataverse error.code). */
    readonly code: string | undefined,
    readonly requestId: string | undefined,
    readonly service: ServiceKind,
    /** Method and URL (no secrets), for logs. */
    readonly request?: string,
    /** Parsed error body, for callers that need details (moreDetails, pbi.error...). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 429 (or 503) that outlasted the retry budget. */
export class ThrottledError extends ApiError {
  override name = 'ThrottledError';
  constructor(message: string, status: number, code: string | undefined, requestId: string | undefined, service: ServiceKind,
    /** The last Retry-After the service asked for, in ms. */
    readonly retryAfterMs: number | undefined, request?: string) {
    super(message, status, code, requestId, service, request);
  }
}

/** 401/403, or no token could be had. `signInRequired` means asking the user to sign in may help. */
export class AuthError extends ApiError {
  override name = 'AuthError';
  constructor(message: string, status: number, code: string | undefined, requestId: string | undefined, service: ServiceKind,
    readonly signInRequired: boolean, request?: string) {
    super(message, status, code, requestId, service, request);
  }
}

/** The caller aborted (AbortSignal). Never shown to users as an error. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'Cancelled') {
    super(message);
  }
}

/** A network failure (DNS, reset, timeout) after retries. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(message: string, readonly request?: string, override readonly cause?: unknown) {
    super(message);
  }
}

/** A long-running operation did not finish in time, or finished Failed. */
export class OperationError extends Error {
  override name = 'OperationError';
  constructor(message: string, readonly code: string | undefined, readonly timedOut: boolean, readonly details?: unknown) {
    super(message);
  }
}

export function isCancellation(err: unknown): boolean {
  return err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError');
}
