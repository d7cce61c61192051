import type { CliCommand } from '../command';
import { lsCommand } from './ls';
import { exportCommand } from './export';
import { pushCommand } from './push';
import { deployCommand } from './deploy';
import { refreshCommand } from './refresh';
import { validateCommand } from './validate';
import { sandboxCommand } from './sandbox';
import { loginCommand } from './login';
import { paramsCommand } from './params';

export const COMMANDS: readonly CliCommand[] = [lsCommand, exportCommand, pushCommand, deployCommand, refreshCommand, validateCommand, sandboxCommand, loginCommand, paramsCommand];
