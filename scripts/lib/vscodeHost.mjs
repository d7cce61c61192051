// The offline VS Code host: code-server's VS Code 1.100 server from npm (no download from
// Microsoft's update servers), installed once into .vscode-host/ (git-ignored), and the
// server itself, started on loopback. Recipe: README "Testing" and
// /work/shared/reference/vscode-host-offline.md.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { log, spawnTracked, stopChild } from './processes.mjs';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
/** DFW_VSCODE_HOST_DIR moves it (e.g. to a CI cache). */
export const HOST_DIR = process.env.DFW_VSCODE_HOST_DIR ? resolve(process.env.DFW_VSCODE_HOST_DIR) : join(ROOT, '.vscode-host');
export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_DIR = join(HOST_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
export const CHROMIUM = process.env.DFW_CHROMIUM ?? '/usr/bin/chromium';
const MARKER = join(HOST_DIR, `.ready-${CODE_SERVER_VERSION}`);
const SERVER_MAIN = join(VSCODE_DIR, 'out', 'server-main.js');

/**
 * node-gyp (npm rebuild) needs Node's headers; offline they must come from the installed Node
 * (e.g. /usr/include/node) rather than a download from nodejs.org.
 */
function localNodeDir() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = resolve(process.execPath, '..', '..');
  return existsSync(join(prefix, 'include', 'node', 'common.gypi')) ? { npm_config_nodedir: prefix } : {};
}

function run(cmd, args, cwd) {
  log('host', `$ ${cmd} ${args.join(' ')}   (in ${cwd})`);
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...localNodeDir(), npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', DEBIAN_FRONTEND: 'noninteractive' } });
}

function isRoot() { return typeof process.getuid === 'function' && process.getuid() === 0; }

function which(bin) {
  try { return execFileSync('which', [bin], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || undefined; } catch { return undefined; }
}

/** Chromium (the browser the workbench runs in) and ripgrep (VS Code's search); apt-get as root. */
export function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  if (!missing.length) return;
  if (!isRoot() || !which('apt-get')) {
    throw new Error(`Missing ${missing.join(' and ')}. Install first, e.g.: sudo apt-get install -y ${missing.join(' ')}` +
      (missing.includes('chromium') ? ' (or point DFW_CHROMIUM at a Chromium/Chrome binary)' : ''));
  }
  log('host', `installing ${missing.join(', ')} with apt-get`);
  run('apt-get', ['update', '-qq'], ROOT);
  run('apt-get', ['install', '-y', '-qq', ...missing], ROOT);
}

function linkRipgrep() {
  const rgDir = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin');
  const link = join(rgDir, 'rg');
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is not on PATH');
  let current;
  try { current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'file'; } catch { /* missing */ }
  if (current === rg || current === 'file') return;
  mkdirSync(rgDir, { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(rg, link);
  log('host', `linked ${link} -> ${rg}`);
}

/**
 * Installs the VS Code server once (about 15 s and 300 MB); later runs reuse it. The marker file
 * names the code-server version, so changing CODE_SERVER_VERSION reinstalls.
 */
export function ensureVscodeHost() {
  ensureSystemPackages();
  if (existsSync(MARKER) && existsSync(SERVER_MAIN)) {
    linkRipgrep();
    log('host', `reusing VS Code ${vscodeVersion()} (code-server ${CODE_SERVER_VERSION}) in ${HOST_DIR}`);
    return VSCODE_DIR;
  }
  const started = Date.now();
  log('host', `installing code-server ${CODE_SERVER_VERSION}'s VS Code server into ${HOST_DIR} (one time, ~300 MB)`);
  rmSync(HOST_DIR, { recursive: true, force: true });
  mkdirSync(HOST_DIR, { recursive: true });
  writeFileSync(join(HOST_DIR, 'package.json'), JSON.stringify({ name: 'dfw-vscode-host', private: true }, null, 2));
  // The package's own postinstall refuses root and downloads ripgrep: skip scripts, do its work by hand.
  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], HOST_DIR);
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], VSCODE_DIR);
  run('npm', ['rebuild', '@vscode/spdlog', 'native-watchdog'], VSCODE_DIR);
  linkRipgrep();
  writeFileSync(MARKER, `${new Date().toISOString()}\n`);
  log('host', `VS Code ${vscodeVersion()} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return VSCODE_DIR;
}

export function vscodeVersion() {
  try { return JSON.parse(readFileSync(join(VSCODE_DIR, 'package.json'), 'utf8')).version; } catch { return '?'; }
}

export function isPortFree(port) {
  return new Promise((r) => {
    const s = createServer();
    s.once('error', () => r(false));
    s.listen(port, '127.0.0.1', () => s.close(() => r(true)));
  });
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

/**
 * Starts the VS Code server on 127.0.0.1:port (no token, no trust prompt) and resolves once it
 * answers HTTP. `env` is added to the server's environment, which the extension host inherits.
 */
export async function startVscodeServer({ port, userDataDir, extensionsDir, env = {} }) {
  const child = spawnTracked(process.execPath, [SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
  { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d) => { out = (out + d).slice(-200_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`The VS Code server exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/version`);
      if (r.status < 500) {
        log('host', `VS Code server on http://127.0.0.1:${port} (ready in ${Date.now() - started} ms)`);
        return { child, port, log: () => out, stop: () => stopChild(child) };
      }
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopChild(child);
  throw new Error(`The VS Code server did not answer within 60 s:\n${out}`);
}

/** A `vscode-remote://` URI for an absolute path on the server (how the web workbench names files). */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${absPath}`;
}

/** The workbench URL; `payload` carries extensionDevelopmentPath / extensionTestsPath. */
export function workbenchUrl(port, folder, payload) {
  const q = new URLSearchParams({ folder });
  if (payload) q.set('payload', JSON.stringify(payload));
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}

export function readJsonMaybe(p) {
  try { return JSON.parse(readFileSync(p, 'utf8')); } catch { return undefined; }
}
