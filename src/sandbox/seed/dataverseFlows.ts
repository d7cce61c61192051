// Real public cloud flows (MIT) bundled as JSON under seed/data/flows (see PROVENANCE.md there):
// each holds the solution-exported workflow file as clientdata text, and the sandbox's name for it.
import copyApproval from './data/flows/copy-approval-process.json';
import fetchReleases from './data/flows/fetch-automation-kit-releases.json';
import notifyRejected from './data/flows/notify-requestor-when-rejected.json';
import saemple from './data/flows/saemple-aerlig-forsok.json';
import scheduledSync from './data/flows/scheduled-sync-from-coe-core.json';
import hideFolders from './data/flows/sharepoint-hide-folders.json';
import dataflowComplete from './data/flows/when-dataflow-refresh-complete.json';

export interface SampleFlow { source: { repo: string; path: string; commit: string; license: string }; name: string; clientdata: string }

export const FLOW_SAMPLES = { saemple, notifyRejected, scheduledSync, fetchReleases, copyApproval, hideFolders, dataflowComplete } as Record<string, SampleFlow>;
