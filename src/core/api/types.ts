// Wire types of the three services (api-contracts.md). Only fields we use are typed; the rest
// pass through untouched.

export interface Opts { signal?: AbortSignal }

// Power BI
export interface PbiGroup { id: string; name: string; isReadOnly?: boolean; isOnDedicatedCapacity?: boolean; capacityId?: string }
export interface PbiDataflow { objectId: string; name: string; description?: string; modelUrl?: string; configuredBy?: string; modifiedBy?: string; modifiedDateTime?: string }
export interface PbiTransaction { id: string; refreshType?: string; startTime?: string; endTime?: string; status?: string }
export interface PbiDatasource { datasourceType?: string; connectionDetails?: Record<string, string>; datasourceId?: string; gatewayId?: string }
export interface PbiUpstream { targetDataflowId: string; groupId: string }
export interface PbiDataset { id: string; name: string; configuredBy?: string; isRefreshable?: boolean; targetStorageMode?: string; createdDate?: string; webUrl?: string }
export interface PbiRefreshAttempt { attemptId?: number; startTime?: string; endTime?: string; type?: string; serviceExceptionJson?: string }
export interface PbiDatasetRefresh { requestId?: string; id?: number; refreshType?: string; startTime?: string; endTime?: string; status?: string; extendedStatus?: string; serviceExceptionJson?: string; refreshAttempts?: PbiRefreshAttempt[] }
export interface PbiRefreshObject { table?: string; partition?: string; status?: string }
export interface PbiRefreshDetail { startTime?: string; endTime?: string; type?: string; commitMode?: string; status?: string; extendedStatus?: string; currentRefreshType?: string; numberOfAttempts?: number; objects?: PbiRefreshObject[]; messages?: Array<{ code?: string; message?: string; type?: string }> }
export interface PbiSchedule { days?: string[]; times?: string[]; enabled?: boolean; localTimeZoneId?: string; notifyOption?: string }
export interface PbiImport { id: string; name?: string; importState?: 'Publishing' | 'Succeeded' | 'Failed' | string; createdDateTime?: string; updatedDateTime?: string; error?: { code?: string; details?: unknown }; datasets?: unknown[]; reports?: unknown[] }
export type NameConflict = 'Abort' | 'GenerateUniqueName' | 'Overwrite' | 'CreateOrOverwrite' | 'Ignore';
export interface EnhancedRefreshBody { type?: string; commitMode?: string; maxParallelism?: number; retryCount?: number; objects?: Array<{ table: string; partition?: string }>; applyRefreshPolicy?: boolean; effectiveDate?: string; timeout?: string }

// Fabric
export interface FabricWorkspace { id: string; displayName: string; description?: string; type?: string; capacityId?: string }
export interface FabricItem { id: string; type: string; displayName: string; description?: string; workspaceId?: string; folderId?: string; lastModified?: string; modifiedDateTime?: string; [k: string]: unknown }
export interface FabricFolder { id: string; displayName: string; parentFolderId?: string }
export interface DefinitionPart { path: string; payload: string; payloadType: 'InlineBase64' | string }
export interface FabricDefinition { format?: string; parts: DefinitionPart[] }
export interface JobInstance { id: string; itemId?: string; jobType: string; invokeType?: string; status: string; startTimeUtc?: string; endTimeUtc?: string | null; failureReason?: { errorCode?: string; message?: string; requestId?: string } | null }

// Dataverse
export interface Flow { workflowid: string; name: string; description?: string; category?: number; statecode?: number; statuscode?: number; clientdata?: string; modifiedon?: string; createdon?: string; _ownerid_value?: string; workflowidunique?: string; '@odata.etag'?: string }
export interface FlowRun { flowrunid?: string; name?: string; status?: string; starttime?: string; endtime?: string; duration?: number | null; triggertype?: string; errorcode?: string | null; errormessage?: string | null; workflowid?: string }
export interface ConnectionReference { connectionreferenceid: string; connectionreferencelogicalname: string; connectionreferencedisplayname?: string; connectorid?: string }
export interface Solution { solutionid: string; uniquename: string; friendlyname?: string; version?: string; ismanaged?: boolean }
export interface DataverseEnvironment { id: string; uniqueName: string; urlName?: string; friendlyName?: string; apiUrl: string; webApiUrl: string; url?: string }
