import type { CliCommand } from '../command';
import { lsCommand } from './ls';
import { validateCommand } from './validate';
import { sandboxCommand } from './sandbox';
import { loginCommand } from './login';

export const COMMANDS: readonly CliCommand[] = [lsCommand, validateCommand, sandboxCommand, loginCommand];
