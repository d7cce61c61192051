// The Power BI REST emulator (/v1.0/myorg): groups, Gen1 dataflows (+ imports, refresh
// transactions), datasets (+ refreshes, schedules). See README (SECTION:sandbox) for the table
// of endpoints and approximations.
import { randomUUID } from 'node:crypto';
import type { SandboxResponse, ServiceEmulator } from '../types';
import type { SandboxState } from '../state';
import { Router } from './router';
import { pbiError } from './errors';
import { registerGroupRoutes } from './groups';
import { registerDataflowRoutes } from './dataflows';
import { registerDataflowRefreshRoutes } from './dataflowRefresh';
import { registerImportRoutes, settleImports } from './imports';
import { registerDatasetRoutes } from './datasets';
import { registerDatasetRefreshRoutes } from './datasetRefresh';

export function createPowerBiEmulator(state: SandboxState): ServiceEmulator {
  const router = new Router();
  registerGroupRoutes(router);
  registerImportRoutes(router);
  registerDataflowRefreshRoutes(router);
  registerDataflowRoutes(router);
  registerDatasetRefreshRoutes(router);
  registerDatasetRoutes(router);
  return {
    service: 'powerbi',
    error: pbiError,
    async handle(req, ctx): Promise<SandboxResponse> {
      settleImports(state, ctx);
      const m = router.match(req.method, req.rawPath);
      let res: SandboxResponse;
      if (m === undefined) res = pbiError(404, 'NotFound', `The sandbox has no Power BI API ${req.method} ${req.path}.`);
      else if (m === 'method') res = { ...pbiError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${req.path}.`) };
      else res = await m.handler({ req, ctx, state, params: m.params });
      const hasId = Object.keys(res.headers ?? {}).some((k) => k.toLowerCase() === 'requestid');
      return hasId ? res : { ...res, headers: { ...res.headers, RequestId: randomUUID() } };
    },
  };
}
