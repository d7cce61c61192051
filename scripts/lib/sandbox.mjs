// The sandbox tenant as a child process, and a workspace folder pointed at it.
// The sandbox prints one JSON line first: {powerbi, fabric, dataverse, discovery, token}.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, spawnTracked, stopChild } from './processes.mjs';
import { ROOT } from './vscodeHost.mjs';

/**
 * How to start the sandbox. Default: `dfw sandbox` from the freshly built dist/cli.js (the one
 * place that decides which emulator is "the sandbox"). DFW_SANDBOX=src runs src/sandbox/main.ts
 * with tsx instead. Undefined when neither exists yet.
 */
export function sandboxCommand() {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const main = join(ROOT, 'src', 'sandbox', 'main.ts');
  const cli = join(ROOT, 'dist', 'cli.js');
  if (process.env.DFW_SANDBOX === 'src' && existsSync(main)) return { cmd: tsx, args: [main] };
  if (existsSync(cli)) return { cmd: process.execPath, args: [cli, 'sandbox'] };
  if (existsSync(main)) return { cmd: tsx, args: [main] };
  return undefined;
}

/**
 * Starts the sandbox on a free loopback port with its state in dataDir. Resolves with
 * { endpoints, child, stop } or undefined (with a printed note) when there is no sandbox yet.
 */
export async function startSandbox({ dataDir } = {}) {
  const command = sandboxCommand();
  if (!command) {
    log('sandbox', 'no sandbox in this checkout yet (src/sandbox/main.ts): running without one');
    return undefined;
  }
  const args = [...command.args, '--port', '0'];
  if (dataDir) { mkdirSync(dataDir, { recursive: true }); args.push('--data', dataDir); }
  const child = spawnTracked(command.cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-20_000); });
  const endpoints = await new Promise((resolveLine, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`The sandbox did not print its endpoints within 30 s.\n${err}`)), 30_000);
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try { resolveLine(JSON.parse(buf.slice(0, nl))); } catch { reject(new Error(`The sandbox's first line is not JSON: ${buf.slice(0, nl)}`)); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`The sandbox exited with ${code} before it was ready.\n${err}`)); });
  });
  child.stdout.resume();
  log('sandbox', `sandbox on ${new URL(endpoints.powerbi).origin}${dataDir ? `, state in ${dataDir}` : ''}`);
  return { endpoints, child, log: () => err, stop: () => stopChild(child) };
}

/** Sandbox endpoints without the token, for printing. */
export function redacted(endpoints) {
  return endpoints ? { ...endpoints, token: '…' } : undefined;
}

/**
 * A workspace folder whose .vscode/settings.json points the extension at the sandbox
 * (`dataflowWorkbench.endpoints`, no sign-in) and keeps the workbench quiet offline.
 */
export function makeWorkspace(dir, endpoints, extraSettings = {}) {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  const settings = {
    ...(endpoints ? { 'dataflowWorkbench.endpoints': endpoints } : {}),
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'extensions.ignoreRecommendations': true,
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    ...extraSettings,
  };
  writeFileSync(join(dir, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return dir;
}
