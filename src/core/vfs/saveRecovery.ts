// What a save does when its write fails in a way that leaves the outcome open or names a cause
// the user must act on: the item was deleted on the service, the answer to a write was lost
// (the service may have applied it), or a flow's etag changed under a write that was retried.
// The service's state is checked before anything is reported; nothing is ever re-sent blindly.
import { ApiError, NetworkError, OperationError, ThrottledError, isCancellation, lookForLostWrite } from '../http';
import type { ItemSession } from './itemSessions';

/** The item no longer exists on the service (deleted elsewhere, or moved out of reach). */
export class ItemGoneError extends Error {
  override name = 'ItemGoneError';
}

/** A write whose answer was lost and whose effect could not be confirmed. */
export class SaveUncertainError extends Error {
  override name = 'SaveUncertainError';
}

const GONE_CODES = /^(PowerBIEntityNotFound|ItemNotFound|EntityNotFound|DuplicatePackageNotFoundError|0x80040217)$/i;

/** 404, or the codes the services use for "no such item" (an Overwrite import of a name that is gone). */
export function isGone(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || GONE_CODES.test(err.code ?? ''));
}

export function goneError(name: string): ItemGoneError {
  return new ItemGoneError(`"${name}" was deleted on the service (or you lost access to it), so nothing was saved. `
    + 'Your edit is kept as a draft: copy it elsewhere (for example into a new item), or close the editor to discard it.');
}

/** Whether an error leaves it open if the service applied the write (its answer was lost). */
export function outcomeUnknown(err: unknown): boolean {
  return err instanceof NetworkError || (err instanceof OperationError && err.timedOut);
}

export type AfterFailedWrite =
  | { kind: 'landed'; session: ItemSession }
  | { kind: 'conflict'; session: ItemSession };

export interface RecoveryOptions {
  name: string;
  /** Re-reads the item from the service. */
  read: () => Promise<ItemSession>;
  /** definitionHash of what was being saved. */
  mine: string;
  /** Waits before each re-read while checking whether a lost write landed (default 1, 2 and 4 s). */
  verifyDelaysMs?: number[];
  /** True when the write was a flow PATCH refused with 412 (etag changed). */
  etagRefused?: boolean;
  signal?: AbortSignal;
}

/**
 * Decides what a failed write means. Returns 'landed' when the service holds exactly what was
 * being saved (a lost answer, or a retried PATCH that found its own first attempt), 'conflict'
 * when someone else's change is there; throws a clear error otherwise (the original one when
 * the failure says it all).
 */
export async function afterFailedWrite(err: unknown, o: RecoveryOptions): Promise<AfterFailedWrite> {
  if (isCancellation(err)) throw err;
  if (isGone(err)) throw goneError(o.name);
  if (o.etagRefused) {
    const now = await readOrGone(o);
    return now.version.hash === o.mine ? { kind: 'landed', session: now } : { kind: 'conflict', session: now };
  }
  if (err instanceof ApiError && err.status >= 500 && !(err instanceof ThrottledError)) {
    // A server error to a write that is not retried blindly: look once whether it applied anyway.
    const now = await readOrGone(o);
    if (now.version.hash === o.mine) return { kind: 'landed', session: now };
    throw new ApiError(`${err.message} (HTTP ${err.status}). "${o.name}" does not hold your edit, so nothing was saved; save again in a moment.`,
      err.status, err.code, err.requestId, err.service, err.request, err.details);
  }
  if (err instanceof OperationError && !err.timedOut) {
    // A failed import or operation changes nothing on the service.
    throw new OperationError(`${err.message.replace(/\.?$/, '.')} Nothing was changed on the service; save again once the cause is fixed.`, err.code, false, err.details);
  }
  if (!outcomeUnknown(err)) throw err;
  const landed = await lookForLostWrite(async () => {
    const now = await readOrGone(o);
    return now.version.hash === o.mine ? now : undefined;
  }, o.verifyDelaysMs ?? [1000, 2000, 4000], o.signal);
  if (landed) return { kind: 'landed', session: landed };
  throw new SaveUncertainError(`The answer to saving "${o.name}" was lost (${(err as Error).message}) and the service does not hold your edit `
    + 'as far as can be seen; it may still apply it. Your edit is kept as a draft: use Compare with Service to check, then save again.');
}

async function readOrGone(o: RecoveryOptions): Promise<ItemSession> {
  try { return await o.read(); } catch (err) {
    if (isGone(err)) throw goneError(o.name);
    throw err;
  }
}
