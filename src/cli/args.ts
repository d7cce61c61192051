// Minimal, strict argument parsing for dfw: flags are declared per command, unknown flags are
// usage errors (exit 2) with a hint.

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  /** Takes a value (`--out DIR`) or is a switch (`--json`). */
  value?: boolean;
  /** May be given several times (values collected into an array). */
  multiple?: boolean;
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
}

export const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  json: {},
  help: { short: 'h' },
  endpoints: { value: true },
  cloud: { value: true },
  verbose: { short: 'v' },
};

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const all = { ...GLOBAL_FLAGS, ...spec };
  const byShort = new Map(Object.entries(all).filter(([, s]) => s.short).map(([k, s]) => [s.short!, k]));
  const out: ParsedArgs = { positionals: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { out.positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--') || (a.startsWith('-') && a.length === 2)) {
      let name = a.startsWith('--') ? a.slice(2) : byShort.get(a.slice(1)) ?? a.slice(1);
      let inline: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) { inline = name.slice(eq + 1); name = name.slice(0, eq); }
      const s = all[name];
      if (!s) throw new UsageError(`Unknown option ${a}. Run with --help to see the options.`);
      let value: string | boolean = true;
      if (s.value) {
        value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`Option --${name} needs a value.`);
      }
      if (s.multiple) out.flags[name] = [...((out.flags[name] as string[]) ?? []), String(value)];
      else out.flags[name] = value;
    } else {
      out.positionals.push(a);
    }
  }
  return out;
}

export function str(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function num(args: ParsedArgs, name: string): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}".`);
  return n;
}
