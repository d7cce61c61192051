import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { UsageError, str } from '../args';
import { createIO } from '../context';
import { ENVIRONMENTS_FILE, parseEnvironmentsFile } from '../../core/deploy/environmentsFile';
import { exportParameterYaml } from '../../core/deploy/fabricCicdExport';
import { loadParameterFile } from '../../core/deploy/fabricCicdParameters';
import { parameterRules } from '../../core/deploy/fabricCicdRules';

export const paramsCommand: CliCommand = {
  name: 'params',
  summary: 'Interoperate with fabric-cicd parameter.yml: export environments to it, or show its rules',
  usage: 'dfw params export [--env NAME]… [--config FILE] [--out parameter.yml] | dfw params show FILE --param-env KEY [--json]',
  help: `export writes the replace, parameter and jsonPath rules of environments.jsonc as a fabric-cicd
parameter.yml: one find_replace (or key_value_replace) entry per distinct rule, every environment
that has it as a replace_value key. Rules with no fabric-cicd equivalent are listed as comments.
--env limits the environments (repeatable; default all). Without --out the YAML goes to stdout.

show reads a parameter.yml and prints the rules it gives for one environment key, with warnings
(entries without a value for it). Dynamic values ($workspace.$id, $items…) resolve at deploy time.

Examples:
  dfw params export --out parameter.yml
  dfw params export --env test --env prod
  dfw params show parameter.yml --param-env PROD`,
  flags: { env: { value: true, multiple: true }, config: { value: true }, out: { value: true }, 'param-env': { value: true } },
  async run(args) {
    const io = createIO(args);
    const [sub, file] = args.positionals;
    if (sub === 'export') {
      const config = str(args, 'config') ?? ENVIRONMENTS_FILE;
      if (!fs.existsSync(config)) throw new UsageError(`${config} not found: create it (see README) or pass --config.`);
      const envs = (args.flags.env as string[] | undefined) ?? [];
      let yaml: string;
      try { yaml = exportParameterYaml(parseEnvironmentsFile(fs.readFileSync(config, 'utf8'), config), envs, config); } catch (e) {
        if (/^No environment/.test((e as Error).message)) throw new UsageError((e as Error).message);
        throw e;
      }
      const out = str(args, 'out');
      if (!out) { process.stdout.write(yaml); return 0; }
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, yaml);
      io.result({ written: out }, `Wrote ${out}.`);
      return 0;
    }
    if (sub === 'show') {
      const key = str(args, 'param-env');
      if (!file || !key) throw new UsageError('Usage: dfw params show FILE --param-env KEY');
      if (!fs.existsSync(file)) throw new UsageError(`${file} not found.`);
      const { rules, warnings } = parameterRules(loadParameterFile(file), key);
      for (const w of warnings) io.progress(`! ${w}`);
      io.result({ rules, warnings }, rules.map((r) => `${r.origin ?? ''}: ${JSON.stringify({ ...r, origin: undefined, excludeFiles: undefined })}`).join('\n') || 'No rules.');
      return 0;
    }
    throw new UsageError('Name a subcommand: dfw params export … or dfw params show FILE --param-env KEY.');
  },
};
