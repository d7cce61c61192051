// node scripts/ensureVscodeHost.mjs — installs the offline VS Code host into .vscode-host/ if it
// is not there yet (code-server 4.100.3's VS Code 1.100 server from npm, its two native modules
// rebuilt, Debian's ripgrep linked in) and checks Chromium and ripgrep (apt-get when root).
// The test runners and the demo call the same function; a re-run reuses what is installed.
import { runMain } from './lib/processes.mjs';
import { CHROMIUM, HOST_DIR, ensureVscodeHost, vscodeVersion } from './lib/vscodeHost.mjs';

runMain('ensureVscodeHost', async () => {
  const dir = ensureVscodeHost();
  console.log(`VS Code ${vscodeVersion()} server: ${dir}\nChromium: ${CHROMIUM}\n(delete ${HOST_DIR} to reinstall)`);
  return 0;
});
