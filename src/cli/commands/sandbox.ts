import type { CliCommand } from '../command';
import { num, str } from '../args';

export const sandboxCommand: CliCommand = {
  name: 'sandbox',
  summary: 'Start the sandbox tenant (local emulator of Power BI, Fabric and Dataverse)',
  usage: 'dfw sandbox [--port P] [--data DIR] [--latency MS] [--throttle RATE] [--seed NAME]',
  help: `Prints one JSON line first, the endpoint overrides to use:
  {"powerbi":…,"fabric":…,"dataverse":…,"discovery":…,"token":"…"}
Pass it to other commands with --endpoints '<line>' or DFW_ENDPOINTS. Binds 127.0.0.1 only and
requires its random token. --data keeps state in a folder across restarts. Ctrl+C stops it.`,
  flags: { port: { value: true }, data: { value: true }, latency: { value: true }, throttle: { value: true }, seed: { value: true } },
  async run(args) {
    const { startSandbox } = await import('../../sandbox/server');
    const sb = await startSandbox({ port: num(args, 'port') ?? 0, dataDir: str(args, 'data'), latencyMs: num(args, 'latency'), throttleRate: num(args, 'throttle'), seed: str(args, 'seed') });
    process.stdout.write(JSON.stringify(sb.endpoints) + '\n');
    await new Promise<void>((resolve) => {
      const stop = () => { void sb.close().then(resolve); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
