import type { FlagSpec, ParsedArgs } from './args';

/** One dfw command. `run` returns the exit code: 0 success, 1 failure (usage errors throw UsageError → 2). */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Longer help: arguments, flags, examples. */
  help: string;
  flags: Record<string, FlagSpec>;
  run(args: ParsedArgs): Promise<number>;
}
