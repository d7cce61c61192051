// One full session: the extension built, a sandbox, a workspace pointed at it, and the VS Code
// server with the extension loaded from this checkout (extensionDevelopmentPath in the payload).
// Shared by the host test runner, the UI e2e runner and the demo.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, onCleanup } from './processes.mjs';
import { startSandbox, makeWorkspace } from './sandbox.mjs';
import { ROOT, ensureVscodeHost, freePort, remoteUri, startVscodeServer, workbenchUrl } from './vscodeHost.mjs';

/** `node esbuild.mjs`: dist/extension.js, dist/cli.js and out/test/host/*.js. */
export function buildExtension() {
  const started = Date.now();
  log('build', 'node esbuild.mjs');
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  log('build', `done in ${Date.now() - started} ms`);
}

/** A fresh temp folder, removed on cleanup unless DFW_KEEP_TMP is set. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env.DFW_KEEP_TMP) log('tmp', `keeping ${dir}`);
  else onCleanup(() => rmSync(dir, { recursive: true, force: true }), { last: true });
  return dir;
}

/**
 * VS Code user settings for a quiet offline workbench (no walkthrough, no telemetry). The server
 * keeps user data in --user-data-dir; an existing settings.json (the demo's) is left alone.
 */
function writeUserSettings(userDataDir) {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(file, `${JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
  }, null, 2)}\n`);
}

/**
 * Starts everything. Options:
 *   port        server port (default: a free one)
 *   stateDir    persistent folder for sandbox state, workspace and VS Code user data (demo);
 *               default: a temp folder removed on exit
 *   env         extra environment for the server (and so the extension host)
 *   testsPath   absolute path of an extensionTestsPath module (host tests)
 *   settings    extra workspace settings
 * Resolves with { url, port, sandbox?, endpoints?, workspace, tmp, server }.
 */
export async function startSession({ port, stateDir, env = {}, testsPath, settings } = {}) {
  ensureVscodeHost();
  buildExtension();
  const tmp = tempDir('dfw-session-');
  const base = stateDir ?? tmp;
  mkdirSync(base, { recursive: true });
  const sandbox = await startSandbox({ dataDir: join(base, 'sandbox') });
  const endpoints = sandbox?.endpoints;
  const workspace = makeWorkspace(join(base, 'workspace'), endpoints, settings);
  const p = port ?? await freePort();
  const userDataDir = join(base, 'vscode-user-data');
  writeUserSettings(userDataDir);
  const server = await startVscodeServer({
    port: p,
    userDataDir,
    extensionsDir: join(tmp, 'vscode-extensions'),
    env: { ...(endpoints ? { DFW_TEST_SANDBOX: JSON.stringify(endpoints) } : {}), DFW_TEST_WORKSPACE: workspace, ...env },
  });
  const payload = [['extensionDevelopmentPath', remoteUri(p, ROOT)]];
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(p, testsPath)]);
  return { url: workbenchUrl(p, workspace, payload), port: p, sandbox, endpoints, workspace, tmp, server };
}
