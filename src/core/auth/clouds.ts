// One table per Microsoft cloud: where to sign in, which API hosts to call, which audiences to
// ask tokens for. Values marked ⚠ in api-contracts.md are best guesses, noted inline.
export type CloudName = 'Public' | 'USGov' | 'USGovHigh' | 'USGovDoD' | 'China';

export interface CloudConfig {
  name: CloudName;
  authorityHost: string;
  powerbiApi: string;
  powerbiScope: string;
  fabricApi: string;
  fabricScope: string;
  /** Host suffixes of Dataverse environments in this cloud. */
  dataverseSuffixes: string[];
  discoveryUrl: string;
  discoveryScope: string;
}

export const CLOUDS: Record<CloudName, CloudConfig> = {
  Public: {
    name: 'Public', authorityHost: 'login.microsoftonline.com',
    powerbiApi: 'https://api.powerbi.com/v1.0/myorg', powerbiScope: 'https://analysis.windows.net/powerbi/api/.default',
    fabricApi: 'https://api.fabric.microsoft.com/v1', fabricScope: 'https://api.fabric.microsoft.com/.default',
    dataverseSuffixes: ['.dynamics.com'],
    discoveryUrl: 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.dynamics.com/.default',
  },
  USGov: {
    name: 'USGov', authorityHost: 'login.microsoftonline.com',
    powerbiApi: 'https://api.powerbigov.us/v1.0/myorg', powerbiScope: 'https://analysis.usgovcloudapi.net/powerbi/api/.default',
    // ⚠ Fabric in GCC is not verified; the Power BI gov host also serves /v1.
    fabricApi: 'https://api.powerbigov.us/v1', fabricScope: 'https://analysis.usgovcloudapi.net/powerbi/api/.default',
    dataverseSuffixes: ['.crm9.dynamics.com'],
    discoveryUrl: 'https://globaldisco.crm9.dynamics.com/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm9.dynamics.com/.default',
  },
  USGovHigh: {
    name: 'USGovHigh', authorityHost: 'login.microsoftonline.us',
    powerbiApi: 'https://api.high.powerbigov.us/v1.0/myorg', powerbiScope: 'https://high.analysis.usgovcloudapi.net/powerbi/api/.default',
    fabricApi: 'https://api.high.powerbigov.us/v1', fabricScope: 'https://high.analysis.usgovcloudapi.net/powerbi/api/.default',
    dataverseSuffixes: ['.crm.microsoftdynamics.us'],
    discoveryUrl: 'https://globaldisco.crm.microsoftdynamics.us/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.microsoftdynamics.us/.default',
  },
  USGovDoD: {
    name: 'USGovDoD', authorityHost: 'login.microsoftonline.us',
    powerbiApi: 'https://api.mil.powerbigov.us/v1.0/myorg', powerbiScope: 'https://mil.analysis.usgovcloudapi.net/powerbi/api/.default',
    fabricApi: 'https://api.mil.powerbigov.us/v1', fabricScope: 'https://mil.analysis.usgovcloudapi.net/powerbi/api/.default',
    dataverseSuffixes: ['.crm.appsplatform.us'],
    discoveryUrl: 'https://globaldisco.crm.appsplatform.us/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.appsplatform.us/.default',
  },
  China: {
    name: 'China', authorityHost: 'login.chinacloudapi.cn',
    powerbiApi: 'https://api.powerbi.cn/v1.0/myorg', powerbiScope: 'https://analysis.chinacloudapi.cn/powerbi/api/.default',
    fabricApi: 'https://api.powerbi.cn/v1', fabricScope: 'https://analysis.chinacloudapi.cn/powerbi/api/.default',
    dataverseSuffixes: ['.crm.dynamics.cn'],
    discoveryUrl: 'https://globaldisco.crm.dynamics.cn/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.dynamics.cn/.default',
  },
};

export function cloudConfig(name: string | undefined): CloudConfig {
  return CLOUDS[(name ?? 'Public') as CloudName] ?? CLOUDS.Public;
}
