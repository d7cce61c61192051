// One place that builds the service clients, for the editor and the CLI alike.
import type { HttpClient } from '../http';
import type { ServiceRoots } from '../endpoints';
import { PowerBiClient } from './powerbiClient';
import { FabricClient } from './fabricClient';
import { DataverseClient, DiscoveryClient } from './dataverseClient';

export * from './types';
export { PowerBiClient } from './powerbiClient';
export { FabricClient } from './fabricClient';
export { DataverseClient, DiscoveryClient, ConflictError } from './dataverseClient';

export interface ServiceClients {
  powerbi: PowerBiClient;
  fabric: FabricClient;
  discovery: DiscoveryClient;
  /** A client for one environment's Web API root (…/api/data/v9.2); cached per URL. */
  dataverse(webApiUrl: string): DataverseClient;
}

export function createServiceClients(o: { http: HttpClient; roots: ServiceRoots }): ServiceClients {
  const dv = new Map<string, DataverseClient>();
  return {
    powerbi: new PowerBiClient(o.http, o.roots.powerbi),
    fabric: new FabricClient(o.http, o.roots.fabric),
    discovery: new DiscoveryClient(o.http, o.roots.discovery),
    dataverse: (url) => {
      const key = url.replace(/\/+$/, '');
      let c = dv.get(key);
      if (!c) { c = new DataverseClient(o.http, key); dv.set(key, c); }
      return c;
    },
  };
}
