// Checks the executor makes right before writing one item: the target must still be what the
// reviewed plan saw (not deleted, not changed, not created meanwhile by someone else), and a
// write whose answer was lost is looked up on the service before anything is reported.
import { isGone } from '../vfs/saveRecovery';
import { NetworkError } from '../http';
import { definitionsEqual } from './normalize';
import type { PlanItem } from './planner';

/** A per-item failure with a message that says what happened and what to do. */
export class TargetMovedError extends Error {
  override name = 'TargetMovedError';
}

export function deletedSincePlan(item: PlanItem, label: string): TargetMovedError {
  return new TargetMovedError(`"${item.source.name}" was deleted from ${label} after the plan was made, so nothing was written to it. Plan the deployment again to create it.`);
}

export function changedSincePlan(item: PlanItem, label: string): TargetMovedError {
  return new TargetMovedError(`"${item.source.name}" in ${label} was changed by someone else after the plan was made, so it was not overwritten. Plan the deployment again to review the new differences.`);
}

/** Throws when the target no longer matches what the plan compared against. */
export function checkUnchangedSincePlan(item: PlanItem, label: string, now: Record<string, string>): void {
  if (item.current && !definitionsEqual(item.source.kind, now, item.current)) throw changedSincePlan(item, label);
}

export function appearedSincePlan(item: PlanItem, label: string): TargetMovedError {
  return new TargetMovedError(`An item named "${item.source.name}" appeared in ${label} after the plan was made (created by someone else), so it was not overwritten. Plan the deployment again to review it.`);
}

/** Runs `read`, turning "not found" into the deleted-since-plan message. */
export async function readTarget<T>(item: PlanItem, label: string, read: () => Promise<T>): Promise<T> {
  try { return await read(); } catch (err) {
    if (isGone(err)) throw deletedSincePlan(item, label);
    throw err;
  }
}

export function lostWriteMessage(item: PlanItem, label: string, err: Error): string {
  const what = err instanceof NetworkError ? 'The connection was lost' : 'The service failed';
  return `${what} while writing "${item.source.name}" to ${label} (${err.message}), and it was not found there afterwards, `
    + 'so it was most likely not written. Deploy again: the plan will show whether it arrived in the meantime (no duplicate is created).';
}
