// One table per Microsoft cloud: where to sign in, which API hosts to call, which audiences to
// ask tokens for (api-contracts §D.1, §D.5). Values marked ⚠ there are best guesses, noted inline.
export type CloudName = 'Public' | 'USGov' | 'USGovHigh' | 'USGovDoD' | 'China';

export const CLOUD_NAMES: readonly CloudName[] = ['Public', 'USGov', 'USGovHigh', 'USGovDoD', 'China'];

export interface CloudConfig {
  name: CloudName;
  /** Entra (Azure AD) authority host, without scheme. */
  authorityHost: string;
  powerbiApi: string;
  powerbiScope: string;
  fabricApi: string;
  fabricScope: string;
  /** Host suffixes of Dataverse environments in this cloud (documentation; matching uses dataverseHost). */
  dataverseSuffixes: string[];
  /** Matches the host of a Dataverse environment ({org}[.api].crm[N].dynamics.com and the like). */
  dataverseHost: RegExp;
  discoveryUrl: string;
  discoveryScope: string;
}

export const CLOUDS: Record<CloudName, CloudConfig> = {
  Public: {
    name: 'Public', authorityHost: 'login.microsoftonline.com',
    powerbiApi: 'https://api.powerbi.com/v1.0/myorg', powerbiScope: 'https://analysis.windows.net/powerbi/api/.default',
    fabricApi: 'https://api.fabric.microsoft.com/v1', fabricScope: 'https://api.fabric.microsoft.com/.default',
    // crm, crm2 … crmN are the regional public hosts; crm9 is GCC and belongs to USGov.
    dataverseSuffixes: ['.crm.dynamics.com', '.crm[N].dynamics.com'],
    dataverseHost: /^[a-z0-9][a-z0-9-]*(\.api)?\.crm(?!9\.)\d*\.dynamics\.com$/,
    discoveryUrl: 'https://globaldisco.crm.dynamics.com/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.dynamics.com/.default',
  },
  USGov: {
    name: 'USGov', authorityHost: 'login.microsoftonline.com',
    powerbiApi: 'https://api.powerbigov.us/v1.0/myorg', powerbiScope: 'https://analysis.usgovcloudapi.net/powerbi/api/.default',
    // ⚠ Fabric in GCC is not verified: we call /v1 on the Power BI gov host with the Power BI
    // audience, which is what the Fabric token audience is in the public cloud (§D.1).
    fabricApi: 'https://api.powerbigov.us/v1', fabricScope: 'https://analysis.usgovcloudapi.net/powerbi/api/.default',
    dataverseSuffixes: ['.crm9.dynamics.com'],
    dataverseHost: /^[a-z0-9][a-z0-9-]*(\.api)?\.crm9\.dynamics\.com$/,
    discoveryUrl: 'https://globaldisco.crm9.dynamics.com/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm9.dynamics.com/.default',
  },
  USGovHigh: {
    name: 'USGovHigh', authorityHost: 'login.microsoftonline.us',
    powerbiApi: 'https://api.high.powerbigov.us/v1.0/myorg', powerbiScope: 'https://high.analysis.usgovcloudapi.net/powerbi/api/.default',
    // ⚠ Fabric host and audience guessed as for USGov.
    fabricApi: 'https://api.high.powerbigov.us/v1', fabricScope: 'https://high.analysis.usgovcloudapi.net/powerbi/api/.default',
    dataverseSuffixes: ['.crm.microsoftdynamics.us'],
    dataverseHost: /^[a-z0-9][a-z0-9-]*(\.api)?\.crm\.microsoftdynamics\.us$/,
    // ◐ Global Discovery host follows the Dataverse suffix.
    discoveryUrl: 'https://globaldisco.crm.microsoftdynamics.us/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.microsoftdynamics.us/.default',
  },
  USGovDoD: {
    name: 'USGovDoD', authorityHost: 'login.microsoftonline.us',
    powerbiApi: 'https://api.mil.powerbigov.us/v1.0/myorg', powerbiScope: 'https://mil.analysis.usgovcloudapi.net/powerbi/api/.default',
    // ⚠ Fabric host and audience guessed as for USGov.
    fabricApi: 'https://api.mil.powerbigov.us/v1', fabricScope: 'https://mil.analysis.usgovcloudapi.net/powerbi/api/.default',
    dataverseSuffixes: ['.crm.appsplatform.us'],
    dataverseHost: /^[a-z0-9][a-z0-9-]*(\.api)?\.crm\.appsplatform\.us$/,
    discoveryUrl: 'https://globaldisco.crm.appsplatform.us/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.appsplatform.us/.default',
  },
  China: {
    name: 'China', authorityHost: 'login.chinacloudapi.cn',
    powerbiApi: 'https://api.powerbi.cn/v1.0/myorg', powerbiScope: 'https://analysis.chinacloudapi.cn/powerbi/api/.default',
    // ⚠ Fabric host and audience guessed as for USGov.
    fabricApi: 'https://api.powerbi.cn/v1', fabricScope: 'https://analysis.chinacloudapi.cn/powerbi/api/.default',
    dataverseSuffixes: ['.crm.dynamics.cn'],
    dataverseHost: /^[a-z0-9][a-z0-9-]*(\.api)?\.crm\.dynamics\.cn$/,
    discoveryUrl: 'https://globaldisco.crm.dynamics.cn/api/discovery/v2.0/Instances', discoveryScope: 'https://globaldisco.crm.dynamics.cn/.default',
  },
};

export function isCloudName(name: unknown): name is CloudName {
  return typeof name === 'string' && (CLOUD_NAMES as readonly string[]).includes(name);
}

/** The table row for a cloud; unknown or missing names mean Public (settings are validated upstream). */
export function cloudConfig(name: string | undefined): CloudConfig {
  return isCloudName(name) ? CLOUDS[name] : CLOUDS.Public;
}

/** Entra authority URL for a tenant (id or domain); no tenant means any work or school account. */
export function authorityUrl(cloud: CloudName | string, tenantId?: string): string {
  return `https://${cloudConfig(cloud).authorityHost}/${tenantId?.trim() || 'organizations'}`;
}
