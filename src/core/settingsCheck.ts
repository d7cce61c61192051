// Checks the values of the extension's settings. VS Code only warns about a value that breaks
// the package.json schema and still hands it to the extension, so a typo such as
// `"cloud": "GCC"` would otherwise quietly mean the public cloud. Each problem names the exact
// setting (the "where" of a setting), says what is wrong and what to write instead; the caller
// uses the default for that setting and shows the problems.
import { CLOUD_NAMES } from './auth/clouds';
import { endpointOverridesFromValue, type EndpointOverrides } from './endpoints';

export const SETTINGS_SECTION = 'dataflowWorkbench';

export interface SettingProblem { key: string; message: string }

type Check = (v: unknown) => string | undefined;

const oneOf = (values: readonly string[]): Check => (v) =>
  typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}, not ${JSON.stringify(v)}`;
const str: Check = (v) => (typeof v === 'string' ? undefined : `must be a string, not ${JSON.stringify(v)}`);
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : `must be true or false, not ${JSON.stringify(v)}`);
const intIn = (min: number, max: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `must be a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`;
const strings: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : `must be a list of strings such as ["https://contoso.crm.dynamics.com"], not ${JSON.stringify(v)}`);

/** Setting (without the section) → its check. Mirrors contributes.configuration in package.json. */
export const SETTING_CHECKS: Record<string, Check> = {
  cloud: oneOf(CLOUD_NAMES),
  tenantId: str,
  clientId: str,
  'auth.method': oneOf(['vscode', 'deviceCode', 'servicePrincipal']),
  'auth.servicePrincipal.certificatePath': str,
  'auth.servicePrincipal.certificateThumbprint': (v) => str(v) ?? (v === '' || /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(String(v).replace(/[:\s]/g, '')) ? undefined : 'must be a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint'),
  'dataverse.environments': strings,
  'log.requests': bool,
  'deploy.confirm': bool,
  'gen2.applyChangesAfterSave': oneOf(['always', 'ask', 'never']),
  'backups.keep': intIn(1, 100),
  'refresh.notifyOption': oneOf(['MailOnFailure', 'NoNotification']),
};

/**
 * Problems of the values `get` returns (undefined = not set, never a problem). `endpoints` is
 * checked with the same rules as `--endpoints`; its valid value is returned for use.
 */
export function checkSettings(get: (key: string) => unknown): { problems: SettingProblem[]; endpoints?: EndpointOverrides } {
  const problems: SettingProblem[] = [];
  for (const [key, check] of Object.entries(SETTING_CHECKS)) {
    const v = get(key);
    if (v === undefined) continue;
    const why = check(v);
    if (why) problems.push({ key, message: `Setting "${SETTINGS_SECTION}.${key}" ${why}. The default is used until it is fixed.` });
  }
  const raw = get('endpoints');
  let endpoints: EndpointOverrides | undefined;
  if (raw !== undefined && raw !== null && !(typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0)) {
    try { endpoints = endpointOverridesFromValue(raw, `setting "${SETTINGS_SECTION}.endpoints"`, `${SETTINGS_SECTION}.endpoints.`); } catch (err) {
      problems.push({ key: 'endpoints', message: `${(err as Error).message} Until it is fixed, no endpoint override is used (requests go to the configured cloud, and no override token is sent).` });
    }
  }
  return { problems, endpoints };
}
