// The one shape for pointing the product at non-default endpoints (the sandbox, a local test
// server). The sandbox prints exactly this shape; the setting `dataflowWorkbench.endpoints`, the
// CLI flag `--endpoints FILE|JSON` and the environment variable DFW_ENDPOINTS all take it.
export interface EndpointOverrides {
  /** e.g. http://127.0.0.1:P/powerbi/v1.0/myorg */
  powerbi?: string;
  /** e.g. http://127.0.0.1:P/fabric/v1 */
  fabric?: string;
  /** Web API root of one Dataverse environment, e.g. http://127.0.0.1:P/dataverse/contoso-dev/api/data/v9.2 */
  dataverse?: string;
  /** Global Discovery "Instances" URL; lists further Dataverse environments. */
  discovery?: string;
  /** Static bearer token sent instead of signing in (the sandbox's random token). */
  token?: string;
}
