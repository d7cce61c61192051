// npm run demo — VS Code (in your browser) with the extension, on the sandbox tenant: no sign-in,
// no setup, offline. Sandbox state, the demo workspace and VS Code's UI state persist in
// .sandbox-data/ (delete it to start over). Ctrl+C stops everything.
//   --port N            serve on N (default 3000, or the next free port after it)
//   --screenshot FILE   open it in headless Chromium, wait until the Dataflow Workbench views
//                       show sandbox data, save a screenshot and exit (a scripted check of the demo)
import { join, resolve } from 'node:path';
import { log, runMain } from './lib/processes.mjs';
import { openWorkbench, showDataflowWorkbench } from './lib/browser.mjs';
import { startSession } from './lib/workbenchSession.mjs';
import { redacted } from './lib/sandbox.mjs';
import { ROOT, isPortFree } from './lib/vscodeHost.mjs';

const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
/** Shown in the Power BI view once the seeded sandbox has loaded. */
const READY_LABEL = 'Sales [Dev]';

async function pickPort(wanted) {
  for (let p = wanted; p < wanted + 20; p++) if (await isPortFree(p)) return p;
  throw new Error(`No free port in ${wanted}–${wanted + 19}; pass --port N`);
}

runMain('demo', async () => {
  const started = Date.now();
  const port = await pickPort(Number(arg('--port') ?? 3000));
  const session = await startSession({ port, stateDir: join(ROOT, '.sandbox-data') });
  const shot = arg('--screenshot');
  if (shot) {
    const { page } = await openWorkbench(session.url);
    await showDataflowWorkbench(page, { populatedBy: session.endpoints ? READY_LABEL : undefined });
    await page.waitForTimeout(1000); // let icons and badges settle
    await page.screenshot({ path: resolve(shot) });
    console.log(`Screenshot saved to ${resolve(shot)} (${Math.round((Date.now() - started) / 1000)} s)`);
    return 0;
  }
  console.log(`
Dataflow Workbench demo: VS Code with the extension, on the sandbox tenant (no sign-in).

  Open:  ${session.url}

  Sandbox: ${JSON.stringify(redacted(session.endpoints) ?? 'not available in this checkout')}
  State:   ${join(ROOT, '.sandbox-data')} (delete it to start over)

Press Ctrl+C to stop.`);
  log('demo', `ready in ${Math.round((Date.now() - started) / 1000)} s`);
  await new Promise(() => {}); // until Ctrl+C: the signal handlers stop everything
});
