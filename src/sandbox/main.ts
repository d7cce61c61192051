// `npm run sandbox -- --port P [--data DIR] [--latency MS] [--throttle RATE] [--seed NAME]`:
// prints exactly one JSON line (the endpoint overrides), then serves until Ctrl+C.
import type { SandboxOptions } from './types';
import { startSandbox } from './server';

export const SANDBOX_USAGE = 'Usage: npm run sandbox -- [--port P] [--data DIR] [--latency MS] [--throttle RATE] [--seed NAME]';

export function parseSandboxArgs(argv: string[]): SandboxOptions {
  const o: SandboxOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const need = () => { if (value === undefined) throw new Error(`${flag} needs a value. ${SANDBOX_USAGE}`); i++; return value; };
    const num = (v: string, min: number, max: number) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${flag} must be a number between ${min} and ${max}, got "${v}".`);
      return n;
    };
    switch (flag) {
      case '--port': o.port = num(need(), 0, 65535); break;
      case '--data': o.dataDir = need(); break;
      case '--latency': o.latencyMs = num(need(), 0, 60_000); break;
      case '--throttle': o.throttleRate = num(need(), 0, 1); break;
      case '--seed': o.seed = need(); break;
      case '--help': case '-h': throw new Error(SANDBOX_USAGE);
      default: throw new Error(`Unknown option ${flag}. ${SANDBOX_USAGE}`);
    }
  }
  return o;
}

if (require.main === module) {
  (async () => {
    let opts: SandboxOptions;
    try { opts = parseSandboxArgs(process.argv.slice(2)); } catch (err) { process.stderr.write(`${(err as Error).message}\n`); process.exit(2); }
    const sb = await startSandbox(opts);
    process.stdout.write(JSON.stringify(sb.endpoints) + '\n');
    process.stderr.write(`Sandbox tenant on 127.0.0.1:${sb.port}${opts.dataDir ? `, state in ${opts.dataDir}` : ' (in memory)'}. Ctrl+C stops it.\n`);
    const stop = () => { void sb.close().then(() => process.exit(0)); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  })().catch((err) => { process.stderr.write(`sandbox: ${err?.message ?? err}\n`); process.exit(1); });
}
