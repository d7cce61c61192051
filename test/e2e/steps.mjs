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
