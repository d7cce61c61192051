// `dfw`: the Dataflow Workbench CLI, on the same core as the extension. Exit codes: 0 success,
// 1 failure, 2 usage error. Results go to stdout (JSON with --json), progress to stderr.
import { parseArgs, UsageError } from './args';
import type { CliCommand } from './command';
import { describeError } from '../core/userMessages';
import { isCancellation } from '../core/http/errors';
import { COMMANDS } from './commands';
import { interrupt } from './context';

const GLOBAL_HELP = `Global options:
  --json               machine-readable output on stdout
  --endpoints FILE|JSON  endpoint overrides {"powerbi","fabric","dataverse","discovery","token"}
                       (also DFW_ENDPOINTS); the shape \`dfw sandbox\` prints
  --cloud NAME         Public (default), USGov, USGovHigh, USGovDoD, China (also DFW_CLOUD)
  -v, --verbose        log every HTTP request to stderr (tokens are never printed)
  -h, --help           help for a command

Sign-in: endpoint overrides with a token, else a service principal from AZURE_TENANT_ID,
AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), else the account
saved by \`dfw login\` (device code).`;

export function mainHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `dfw: Dataflow Workbench for CI/CD pipelines (Power BI dataflows, Fabric items, Power Automate flows)

Usage: dfw <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Item paths: powerbi/<workspace>/<item>, fabric/<workspace>/<item>, dataverse/<environment>/<flow>.
A segment is a name or an id; write "/" inside a name as %2F and "%" as %25.

${GLOBAL_HELP}

Run "dfw <command> --help" for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp(COMMANDS) + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') { process.stdout.write(`${require('../../package.json').version}\n`); return 0; }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`dfw: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`);
    return 2;
  }
  try {
    const args = parseArgs(rest, cmd.flags);
    if (args.flags.help) {
      process.stdout.write(`Usage: ${cmd.usage}\n\n${cmd.summary}\n\n${cmd.help}\n\n${GLOBAL_HELP}\n`);
      return 0;
    }
    return await cmd.run(args);
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`dfw ${name}: ${err.message}\n`); return 2; }
    if (isCancellation(err)) { process.stderr.write('dfw: cancelled\n'); return 1; }
    process.stderr.write(`dfw ${name}: ${describeError(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.once('SIGINT', () => interrupt.abort());
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
    process.stderr.write(`dfw: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
