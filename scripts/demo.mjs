// npm run demo — VS Code (in your browser) with the extension, on the sandbox tenant: no sign-in,
// no setup. State persists in .sandbox-data/. Ctrl+C stops everything.
//   --port N            serve on N (default 3000, or the next free port)
//   --screenshot FILE   open it headless, wait for the populated views, save a screenshot, exit
import { join } from 'node:path';
import { ROOT, freePort } from './lib/vscodeHost.mjs';
import { openWorkbench, showDataflowWorkbench, startSession } from './lib/workbenchSession.mjs';

const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };

async function main() {
  const wanted = Number(arg('--port') ?? 3000);
  const port = await isFree(wanted) ? wanted : await freePort();
  const session = await startSession({ port, dataDir: join(ROOT, '.sandbox-data', 'sandbox'), keep: true });
  const stop = () => { session.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const shot = arg('--screenshot');
  if (shot) {
    const { browser, page } = await openWorkbench(session.url);
    await showDataflowWorkbench(page);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: shot });
    await browser.close();
    console.log(`Screenshot saved to ${shot}`);
    stop();
    return;
  }
  console.log(`\nDataflow Workbench demo is running on the sandbox tenant.\n\n  Open: ${session.url}\n\nSandbox endpoints: ${JSON.stringify({ ...session.sandbox.endpoints, token: '…' })}\nPress Ctrl+C to stop.`);
}

async function isFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((r) => { const s = createServer(); s.once('error', () => r(false)); s.listen(port, '127.0.0.1', () => s.close(() => r(true))); });
}

main().catch((err) => { console.error(`demo: ${err.message ?? err}`); process.exit(1); });
