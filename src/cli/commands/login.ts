import type { CliCommand } from '../command';
import { createContext, cacheFile } from '../context';

export const loginCommand: CliCommand = {
  name: 'login',
  summary: 'Sign in with a device code (the account is cached for later commands)',
  usage: 'dfw login [--cloud NAME]',
  help: `Shows a code to enter at the Microsoft device login page, then caches the account in
${'~/.dfw/msal-cache.json'} (mode 0600; DFW_HOME moves it). Pipelines should use a service
principal instead: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or
AZURE_CLIENT_CERTIFICATE_PATH). Note that Power BI refuses service principals for Gen1 dataflow
import and Fabric for Dataflow Gen2 Execute/ApplyChanges: those steps need a user.`,
  flags: {},
  async run(args) {
    const ctx = createContext(args);
    const first = await ctx.clients.powerbi.listGroups({ top: 1 }).next();
    const groups = first.done ? [] : first.value;
    ctx.result({ signedIn: true, cache: cacheFile(), workspacesVisible: groups.length >= 1 }, `Signed in. Token cache: ${cacheFile()}`);
    return 0;
  },
};
