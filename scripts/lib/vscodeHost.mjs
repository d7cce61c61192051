// The offline VS Code host: code-server's VS Code 1.100 server from npm (no download from
// Microsoft), cached in .vscode-host/ (git-ignored). See the README's Testing section.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const HOST_DIR = join(ROOT, '.vscode-host');
const VERSION = '4.100.3';
export const VSCODE_DIR = join(HOST_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
const MARKER = join(HOST_DIR, `.ready-${VERSION}`);

function run(cmd, args, cwd) {
  console.error(`[host] ${cmd} ${args.join(' ')}  (in ${cwd})`);
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } });
}

function isRoot() { return typeof process.getuid === 'function' && process.getuid() === 0; }

export function ensureSystemPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  try { execFileSync('which', ['rg'], { stdio: 'ignore' }); } catch { missing.push('ripgrep'); }
  if (!missing.length) return;
  if (!isRoot()) throw new Error(`Install ${missing.join(' and ')} first (e.g. sudo apt-get install -y ${missing.join(' ')}).`);
  run('apt-get', ['update', '-qq'], ROOT);
  run('apt-get', ['install', '-y', '-qq', ...missing], ROOT);
}

/** Installs the VS Code server once; later runs reuse it. */
export function ensureVscodeHost() {
  ensureSystemPackages();
  if (existsSync(MARKER)) return VSCODE_DIR;
  rmSync(HOST_DIR, { recursive: true, force: true });
  mkdirSync(HOST_DIR, { recursive: true });
  writeFileSync(join(HOST_DIR, 'package.json'), JSON.stringify({ name: 'dfw-vscode-host', private: true }));
  // The package's own postinstall refuses root and downloads ripgrep: skip scripts, then do its work by hand.
  run('npm', ['install', `code-server@${VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--no-save'], HOST_DIR);
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], VSCODE_DIR);
  run('npm', ['rebuild', '@vscode/spdlog', 'native-watchdog'], VSCODE_DIR);
  const rgDir = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  const rg = execFileSync('which', ['rg']).toString().trim();
  try { rmSync(join(rgDir, 'rg'), { force: true }); symlinkSync(rg, join(rgDir, 'rg')); } catch { /* already linked */ }
  writeFileSync(MARKER, new Date().toISOString());
  return VSCODE_DIR;
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

/** Starts the VS Code server on loopback; resolves when it answers. */
export async function startVscodeServer({ port, userDataDir, extensionsDir, env = {} }) {
  const child = spawn(process.execPath, [join(VSCODE_DIR, 'out', 'server-main.js'), '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
  { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 120; i++) {
    try { const r = await fetch(`http://127.0.0.1:${port}/`); if (r.status < 500) return { child, log: () => log }; } catch { /* not yet */ }
    if (child.exitCode !== null) throw new Error(`The VS Code server exited:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error(`The VS Code server did not start:\n${log}`);
}

/** Starts the sandbox (src/sandbox) as a child process; resolves with its endpoint JSON. */
export async function startSandboxProcess(args = []) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'sandbox', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  const endpoints = await new Promise((resolveLine, reject) => {
    child.stdout.on('data', (d) => { buf += d; const nl = buf.indexOf('\n'); if (nl >= 0) { try { resolveLine(JSON.parse(buf.slice(0, nl))); } catch (e) { reject(e); } } });
    child.on('exit', (code) => reject(new Error(`The sandbox exited with ${code}`)));
    setTimeout(() => reject(new Error('The sandbox did not print its endpoints in time')), 20000);
  });
  return { child, endpoints };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
}

/** A workspace folder whose settings point the extension at the sandbox. */
export function makeWorkspace(dir, endpoints, extraSettings = {}) {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({
    'dataflowWorkbench.endpoints': endpoints, 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false,
    'extensions.ignoreRecommendations': true, 'workbench.tips.enabled': false, 'update.mode': 'none', 'telemetry.telemetryLevel': 'off', 'git.openRepositoryInParentFolders': 'never', 'git.enabled': false, 'workbench.welcomePage.walkthroughs.openOnInstall': false,
    ...extraSettings,
  }, null, 2));
  return dir;
}

export function workbenchUrl(port, folder, payload) {
  const q = new URLSearchParams({ folder });
  if (payload) q.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}

export function readJsonMaybe(p) { try { return JSON.parse(readFileSync(p, 'utf8')); } catch { return undefined; } }
