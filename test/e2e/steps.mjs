// The UI journey, step by step. Each step acts as a person would and asserts through the UI or
// the sandbox's state. Screenshots are saved after each step.
import assert from 'node:assert/strict';
import { contextMenu, expand, pickQuick, row, sandboxState } from './ui.mjs';

export const steps = [
  {
    name: '01-explorer', title: 'open the Dataflow Workbench container and expand a workspace',
    async run({ page }) {
      await expand(page, 'Sales [Dev]', 'Power BI');
      await expand(page, 'Dataflows', 'Power BI');
      await row(page, 'Customers', 'Power BI').waitFor();
      await row(page, 'Sales Orders', 'Power BI').waitFor();
    },
  },
  {
    name: '02-deploy', title: 'right-click → Deploy to Workspace…, choose the target, confirm',
    async run({ page, sandbox }) {
      await contextMenu(page, 'Customers', 'Deploy to Workspace…', 'Power BI');
      // Without an environments.jsonc the workspace list opens straight away.
      await pickQuick(page, 'Sales [Prod]');
      const deploy = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Deploy/ }).first();
      await deploy.waitFor({ timeout: 60_000 });
      await page.screenshot({ path: 'test-results/e2e/02-deploy-plan.png' });
      await deploy.click();
      await page.locator('.notifications-toasts', { hasText: 'Deployed to Sales [Prod]' }).waitFor({ timeout: 60_000 });
      const state = await sandboxState(sandbox);
      const prod = state.workspaces.find((w) => w.name === 'Sales [Prod]');
      assert.ok(state.powerbi.dataflows.some((d) => d.workspaceId === prod.id && d.name === 'Customers'), 'the service has the deployed dataflow');
    },
  },
];

steps.push(
  {
    name: '03-edit-save', title: 'open a dataflow’s mashup.pq, type an edit, save; the service has it',
    async run({ page, sandbox }) {
      const tab = page.locator('.tab.active', { hasText: 'mashup.pq' });
      await row(page, 'Products & Prices #1 / EU', 'Power BI').click();
      // A click that only focuses the view (busy machine) is followed by Enter, which opens it too.
      if (!(await tab.waitFor({ timeout: 10_000 }).then(() => true, () => false))) await page.keyboard.press('Enter');
      await tab.waitFor({ timeout: 50_000 });
      const editor = page.locator('.editor-instance .monaco-editor').first();
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n// reviewed in VS Code');
      await page.keyboard.press('Control+S');
      await page.locator('.tab.active:not(.dirty)', { hasText: 'mashup.pq' }).waitFor({ timeout: 60_000 });
      // The push (import, publish) finishes shortly after the editor marks the file saved.
      let doc = '';
      for (let i = 0; i < 60 && !/\/\/ reviewed in VS Code/.test(doc); i++) {
        const state = await sandboxState(sandbox);
        doc = JSON.parse(state.powerbi.dataflows.find((d) => d.name === 'Products & Prices #1 / EU').modelJson)['pbi:mashup'].document;
        await page.waitForTimeout(500);
      }
      assert.match(doc, /\/\/ reviewed in VS Code/);
    },
  },
  {
    name: '04-refresh', title: 'start a refresh and read the status bar until it shows completion',
    async run({ page }) {
      await contextMenu(page, 'Customers', 'Refresh Now', 'Power BI');
      await page.locator('.statusbar', { hasText: 'refreshing' }).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: 'test-results/e2e/04-refresh-running.png' });
      await page.locator('.statusbar', { hasText: /refreshed in/ }).waitFor({ timeout: 90_000 });
    },
  },
  {
    name: '05-power-automate', title: 'browse a Dataverse environment’s cloud flows in the Power Automate view',
    async run({ page }) {
      await expand(page, 'Contoso (Dev)', 'Power Automate');
      await expand(page, 'All cloud flows', 'Power Automate');
      await row(page, 'SÆmple Ø ærlig forsøk', 'Power Automate').waitFor({ timeout: 30_000 });
    },
  },
);
