// @ctrmock/client: drive a running ctrmock from a test suite.
export { Cloud, Tenant, DEFAULT_URLS, SERVER_LABELS, urlsFromEnv, urlsFromFlags, URL_FLAGS, type UrlFlag, type CloudUrls, type SseRegionName, type CorePlane, type IntelPlane } from './cloud.ts'
export { ControlPlaneClient, type JournalFilter } from './control-plane.ts'
export { CtrClient, type ApiClientCredentials, type CtrOrg, type ModuleInstance, type ModuleType } from './ctr.ts'
export { SsePortalClient, type GeneratedTokens, type RegistrationTokenView, type DeviceList } from './sse.ts'
export { IntelClient, type NewJudgement, type StoredJudgement, type SearchPage, type SearchOptions } from './intel.ts'
export { EsaClient, type Appliance, type CloudServiceSettings, type MailInput, type RegistrationState } from './esa.ts'
export { CtrmockApiError, CtrmockConnectionError } from './errors.ts'
export { SCENARIOS, scenarioByName, runScenario, type Scenario, type ScenarioResult, type StepResult } from './scenarios/index.ts'
