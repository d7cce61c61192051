// npm run test:electron — the same host suite (out/test/host/index.js) in desktop VS Code through
// @vscode/test-electron, for machines with internet: it downloads VS Code 1.100.3 from Microsoft's
// update servers into .vscode-test/ on first use. Offline (CI, these dev boxes) use
// `npm run test:host`, which runs the identical suite in code-server's VS Code 1.100 server.
// Linux without a display: run under xvfb-run (apt-get install xvfb).
import { join } from 'node:path';
import { log, runMain } from './lib/processes.mjs';
import { startSandbox, makeWorkspace } from './lib/sandbox.mjs';
import { buildExtension, tempDir } from './lib/workbenchSession.mjs';
import { ROOT, readJsonMaybe } from './lib/vscodeHost.mjs';

/** The host suite asserts 1.100 (the offline host's version), so the desktop run uses the same. */
const VSCODE_VERSION = process.env.DFW_VSCODE_VERSION ?? '1.100.3';

function looksLikeNoInternet(err) {
  const text = `${err?.message ?? err} ${err?.code ?? ''} ${err?.cause?.code ?? ''}`;
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|Failed to get JSON|Error retrieving|download/i.test(text);
}

runMain('test:electron', async () => {
  const started = Date.now();
  buildExtension();
  const tmp = tempDir('dfw-electron-');
  const sandbox = await startSandbox({ dataDir: join(tmp, 'sandbox') });
  const workspace = makeWorkspace(join(tmp, 'workspace'), sandbox?.endpoints);
  const results = join(tmp, 'results.json');
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('test:electron', 'no DISPLAY: desktop VS Code needs one on Linux (try: xvfb-run -a npm run test:electron)');
  }
  const { runTests } = await import('@vscode/test-electron');
  let exitCode;
  try {
    exitCode = await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'host', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
        '--user-data-dir', join(tmp, 'user-data')],
      extensionTestsEnv: { DFW_HOST_RESULTS: results, ...(sandbox ? { DFW_TEST_SANDBOX: JSON.stringify(sandbox.endpoints) } : {}), DFW_TEST_WORKSPACE: workspace },
    });
  } catch (err) {
    if (looksLikeNoInternet(err)) {
      console.log(`\ntest:electron: could not download VS Code ${VSCODE_VERSION} from Microsoft's update servers` +
        ` (${String(err?.message ?? err).split('\n')[0]}).\n` +
        'This runner needs internet on first use. Offline, run the same suite with: npm run test:host');
      return 2;
    }
    throw err;
  }
  const r = readJsonMaybe(results);
  if (r) {
    for (const f of r.failures) console.log(`\n  ✗ ${f.title}\n    ${f.message}\n${(f.stack ?? '').split('\n').slice(1, 10).join('\n')}`);
    console.log(`\ntest:electron: ${r.passes} passed, ${r.failures.length} failed, ${r.pending ?? 0} pending in ${Math.round((Date.now() - started) / 1000)} s`);
  } else {
    console.log(`\ntest:electron: VS Code exited with ${exitCode} and wrote no results`);
  }
  return exitCode === 0 && r && !r.failures.length ? 0 : 1;
});
