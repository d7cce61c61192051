// `npm run sandbox -- --port P [--data DIR] [--latency MS] [--throttle RATE] [--seed NAME]`
// Prints exactly one JSON line first (the endpoint overrides, token included), then logs one
// line per request to stderr. Ctrl+C (SIGINT) or SIGTERM closes it and saves state.
import type { SandboxOptions } from './types';
import { startSandbox } from './server';

export const SANDBOX_USAGE = 'Usage: npm run sandbox -- [--port P] [--data DIR] [--latency MS] [--throttle RATE] [--seed NAME]';

/** Parses the sandbox flags (`--flag value` or `--flag=value`). Throws an Error on bad input. */
export function parseSandboxArgs(argv: readonly string[]): SandboxOptions {
  const opts: SandboxOptions = {};
  const num = (flag: string, v: string, min: number, max: number): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new Error(`--${flag} must be a number between ${min} and ${max}, got "${v}".`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`Unexpected argument "${arg}". ${SANDBOX_USAGE}`);
    const flag = m[1];
    const take = (): string => {
      if (m[2] !== undefined) return m[2];
      const v = argv[++i];
      if (v === undefined) throw new Error(`--${flag} needs a value. ${SANDBOX_USAGE}`);
      return v;
    };
    switch (flag) {
      case 'port': opts.port = Math.trunc(num(flag, take(), 0, 65535)); break;
      case 'data': opts.dataDir = take(); break;
      case 'latency': opts.latencyMs = num(flag, take(), 0, 600_000); break;
      case 'throttle': opts.throttleRate = num(flag, take(), 0, 1); break;
      case 'seed': opts.seed = take(); break;
      default: throw new Error(`Unknown flag --${flag}. ${SANDBOX_USAGE}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: SandboxOptions;
  try { opts = parseSandboxArgs(process.argv.slice(2)); } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  let sb;
  try {
    sb = await startSandbox({
      ...opts,
      onRequest: (e) => process.stderr.write(`${new Date().toISOString()} ${e.method} ${e.url} → ${e.status} (${e.ms} ms)\n`),
    });
  } catch (err) {
    process.stderr.write(`Sandbox could not start: ${(err as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(JSON.stringify(sb.endpoints) + '\n');
  process.stderr.write(`Sandbox listening on 127.0.0.1:${sb.port}${opts.dataDir ? `, state in ${opts.dataDir}` : ''}. Ctrl+C stops it.\n`);
  const running = sb;
  const stop = () => {
    process.stderr.write('Sandbox stopping…\n');
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) void main();
