// A running ctrmock (embedded or compose), reached by base URLs, and the isolated tenants test suites work in.
import { ControlPlaneClient } from './control-plane.ts'
import { CtrClient, type CtrOrg } from './ctr.ts'
import { SsePortalClient } from './sse.ts'
import { EsaClient } from './esa.ts'
import { IntelClient } from './intel.ts'
import type { EsaOrg, EsaServerLabel } from '@ctrmock/types'

export interface CloudUrls {
  ctr: string
  ctrEu: string
  sseAmericas: string
  sseEurope: string
  esa: string
  smtpPort: number
  /** The private intelligence instances paired with CTR NAM and CTR EU, where the deployment has them. */
  intel?: string
  intelEu?: string
}

export const DEFAULT_URLS: CloudUrls = {
  ctr: 'http://127.0.0.1:7100',
  ctrEu: 'http://127.0.0.1:7101',
  sseAmericas: 'http://127.0.0.1:7200',
  sseEurope: 'http://127.0.0.1:7201',
  esa: 'http://127.0.0.1:7300',
  smtpPort: 2525,
  intel: 'http://127.0.0.1:7110',
  intelEu: 'http://127.0.0.1:7111',
}

function optional<K extends 'intel' | 'intelEu'>(key: K, url: string | undefined): Partial<Record<K, string>> {
  return url === undefined ? {} : ({ [key]: url } as Partial<Record<K, string>>)
}

/** Base URLs from CTRMOCK_CTR_URL, CTRMOCK_CTR_EU_URL, CTRMOCK_SSE_AMERICAS_URL, CTRMOCK_SSE_EUROPE_URL, CTRMOCK_ESA_URL,
 *  CTRMOCK_SMTP_PORT, CTRMOCK_INTEL_URL, CTRMOCK_INTEL_EU_URL. */
export function urlsFromEnv(env: Record<string, string | undefined> = process.env, base: CloudUrls = DEFAULT_URLS): CloudUrls {
  return {
    ctr: env.CTRMOCK_CTR_URL ?? base.ctr,
    ctrEu: env.CTRMOCK_CTR_EU_URL ?? base.ctrEu,
    sseAmericas: env.CTRMOCK_SSE_AMERICAS_URL ?? base.sseAmericas,
    sseEurope: env.CTRMOCK_SSE_EUROPE_URL ?? base.sseEurope,
    esa: env.CTRMOCK_ESA_URL ?? base.esa,
    smtpPort: env.CTRMOCK_SMTP_PORT ? Number(env.CTRMOCK_SMTP_PORT) : base.smtpPort,
    ...optional('intel', env.CTRMOCK_INTEL_URL ?? base.intel),
    ...optional('intelEu', env.CTRMOCK_INTEL_EU_URL ?? base.intelEu),
  }
}

/** The command-line flags that name base URLs (`--ctr-url` ...), as the CLI and `pnpm bench --running` take them. */
export const URL_FLAGS = ['ctr-url', 'ctr-eu-url', 'sse-americas-url', 'sse-europe-url', 'esa-url', 'smtp-port', 'intel-url', 'intel-eu-url'] as const
export type UrlFlag = (typeof URL_FLAGS)[number]

/** Base URLs from flags first, then CTRMOCK_* env, then the default ports. */
export function urlsFromFlags(flags: Partial<Record<UrlFlag, string>>, env: Record<string, string | undefined> = process.env): CloudUrls {
  const urls = urlsFromEnv(env)
  return {
    ctr: flags['ctr-url'] ?? urls.ctr,
    ctrEu: flags['ctr-eu-url'] ?? urls.ctrEu,
    sseAmericas: flags['sse-americas-url'] ?? urls.sseAmericas,
    sseEurope: flags['sse-europe-url'] ?? urls.sseEurope,
    esa: flags['esa-url'] ?? urls.esa,
    smtpPort: flags['smtp-port'] !== undefined ? Number(flags['smtp-port']) : urls.smtpPort,
    ...optional('intel', flags['intel-url'] ?? urls.intel),
    ...optional('intelEu', flags['intel-eu-url'] ?? urls.intelEu),
  }
}

export type SseRegionName = 'AMERICAS' | 'EUROPE'

export const SERVER_LABELS: Record<SseRegionName, EsaServerLabel> = {
  AMERICAS: 'AMERICAS (api-sse.cisco.com)',
  EUROPE: 'EUROPE (api.eu.sse.itd.cisco.com)',
}

export type CorePlane = 'ctr' | 'ctr-eu' | 'sse-americas' | 'sse-europe' | 'esa'
export type IntelPlane = 'intel' | 'intel-eu'

/** The region's one of two; a name other than AMERICAS or EUROPE (from JavaScript, say 'NAM') is refused, not read as EUROPE. */
function inRegion<T>(region: SseRegionName, americas: T, europe: T): T {
  if (region === 'AMERICAS') return americas
  if (region === 'EUROPE') return europe
  throw new TypeError(`unknown SSE region ${JSON.stringify(region)}: AMERICAS or EUROPE`)
}

export class Cloud {
  /** Every service's control plane; the intel ones where the URLs name them. */
  readonly controlPlanes: Record<CorePlane, ControlPlaneClient> & Partial<Record<IntelPlane, ControlPlaneClient>>

  /** Without URLs, CTRMOCK_*_URL where set, else the default ports (as the README's first example promises). */
  constructor(readonly urls: CloudUrls = urlsFromEnv()) {
    this.controlPlanes = {
      ctr: new ControlPlaneClient('ctr', urls.ctr),
      'ctr-eu': new ControlPlaneClient('ctr-eu', urls.ctrEu),
      'sse-americas': new ControlPlaneClient('sse-americas', urls.sseAmericas),
      'sse-europe': new ControlPlaneClient('sse-europe', urls.sseEurope),
      esa: new ControlPlaneClient('esa', urls.esa),
      ...(urls.intel ? { intel: new ControlPlaneClient('intel', urls.intel) } : {}),
      ...(urls.intelEu ? { 'intel-eu': new ControlPlaneClient('intel-eu', urls.intelEu) } : {}),
    }
  }

  async waitReady(timeoutMs = 15_000): Promise<void> {
    await Promise.all(Object.values(this.controlPlanes).map((c) => c.waitReady(timeoutMs)))
  }

  /** One service's control plane; throws for an intel one the URLs do not name. */
  plane(name: CorePlane | IntelPlane): ControlPlaneClient {
    const plane = this.controlPlanes[name]
    if (!plane) throw new Error(`no URL for ${name}`)
    return plane
  }

  /** Each control plane that exists, by name. */
  planes(): Array<[CorePlane | IntelPlane, ControlPlaneClient]> {
    return Object.entries(this.controlPlanes).filter((e): e is [CorePlane | IntelPlane, ControlPlaneClient] => e[1] !== undefined)
  }

  /**
   * An org of its own in both CTR regions and an appliance of its own on the ESA agent. The intel services need
   * nothing at org creation: they take the org from the CTR token of each call.
   */
  async createTenant(options: { esa?: Record<string, unknown> } = {}): Promise<Tenant> {
    const [nam, eu, appliance] = await Promise.all([
      this.controlPlanes.ctr.createOrg<CtrOrg>(),
      this.controlPlanes['ctr-eu'].createOrg<CtrOrg>(),
      this.controlPlanes.esa.createOrg<EsaOrg>(options.esa ?? {}),
    ])
    return new Tenant(this, nam, eu, appliance)
  }
}

/** One test suite's world: CTR orgs (NAM, EU), their SSE portals, and an ESA appliance. */
export class Tenant {
  readonly ctr: CtrClient
  readonly ctrEu: CtrClient
  readonly sseAmericas: SsePortalClient
  readonly sseEurope: SsePortalClient
  readonly esa: EsaClient
  /** Private intelligence of the NAM and EU orgs (with their CTR's tokens), where the deployment has it. */
  readonly intel?: IntelClient
  readonly intelEu?: IntelClient

  constructor(readonly cloud: Cloud, readonly namOrg: CtrOrg, readonly euOrg: CtrOrg, readonly appliance: EsaOrg) {
    const { urls } = cloud
    this.ctr = new CtrClient(urls.ctr, namOrg, 'ctr')
    this.ctrEu = new CtrClient(urls.ctrEu, euOrg, 'ctr-eu')
    this.sseAmericas = new SsePortalClient(urls.sseAmericas, () => this.ctr.accessToken(), 'sse-americas')
    this.sseEurope = new SsePortalClient(urls.sseEurope, () => this.ctrEu.accessToken(), 'sse-europe')
    this.esa = new EsaClient(urls.esa, appliance, urls.smtpPort, 'esa')
    if (urls.intel) this.intel = new IntelClient(urls.intel, () => this.ctr.accessToken(), 'intel')
    if (urls.intelEu) this.intelEu = new IntelClient(urls.intelEu, () => this.ctrEu.accessToken(), 'intel-eu')
  }

  /** The region's private intelligence; throws when the deployment has none there. */
  intelFor(region: SseRegionName): IntelClient {
    const intel = inRegion(region, this.intel, this.intelEu)
    if (!intel) throw new Error(`no private intelligence URL for ${inRegion(region, 'CTR NAM', 'CTR EU')} (CTRMOCK_INTEL_URL / CTRMOCK_INTEL_EU_URL)`)
    return intel
  }

  sse(region: SseRegionName): SsePortalClient {
    return inRegion(region, this.sseAmericas, this.sseEurope)
  }

  ctrFor(region: SseRegionName): CtrClient {
    return inRegion(region, this.ctr, this.ctrEu)
  }

  orgIn(region: SseRegionName): string {
    return inRegion(region, this.namOrg.orgId, this.euOrg.orgId)
  }

  /** Steps 1–4: enable Threat Response on the ESA with the region's server, commit, wait for the token prompt. */
  async enableThreatResponse(region: SseRegionName = 'AMERICAS'): Promise<void> {
    await this.esa.editSettings({ enabled: true, server: inRegion(region, SERVER_LABELS.AMERICAS, SERVER_LABELS.EUROPE) })
    await this.esa.commit('Enable Threat Response')
    await this.skipBusy()
    await this.esa.waitForState(['NOT_REGISTERED'])
  }

  /** Ends the "Cloud Service is busy" phase now by moving this appliance's clock past it. */
  async skipBusy(): Promise<void> {
    const settings = await this.esa.settings()
    if (settings.registrationState === 'BUSY') await this.esa.control.setClock({ org: this.appliance.orgId, advance: '10m' })
  }

  /** Steps 5–6: a one-device token from the region's SSE, pasted into the ESA; waits for the outcome. */
  async registerEsa(region: SseRegionName = 'AMERICAS', token?: string): Promise<{ token: string; state: string; status: string | null }> {
    const used = token ?? (await this.sse(region).generateTokens(1, '1h')).tokens[0]!.token
    await this.esa.register(used)
    const settings = await this.esa.waitForState(['REGISTERED', 'FAILED'])
    return { token: used, state: settings.registrationState, status: settings.status }
  }

  /** Step 8: the "Email Security Appliance" module for the registered device. */
  async addEsaModule(region: SseRegionName = 'AMERICAS', deviceId?: string, timeframeDays = 30) {
    const ctr = this.ctrFor(region)
    const type = await ctr.moduleTypeByTitle('Email Security Appliance')
    const device = deviceId ?? (await this.sse(region).devices({ search: this.appliance.hostname })).devices[0]?.id
    if (!device) throw new Error(`no ESA device registered in ${region} for ${this.appliance.hostname}`)
    return ctr.createModuleInstance({ name: type.default_name ?? 'Email Security Appliance', module_type_id: type.id, settings: { device, timeframe: timeframeDays } })
  }

  /** The whole tech note: enable, register, turn on Threat Response in SSE, add the CTR module. */
  async integrateEsa(region: SseRegionName = 'AMERICAS') {
    await this.enableThreatResponse(region)
    const registration = await this.registerEsa(region)
    if (registration.state !== 'REGISTERED') throw new Error(`registration ended ${registration.state}: ${registration.status}`)
    await this.sse(region).setThreatResponse(true)
    return this.addEsaModule(region)
  }

  /** Investigates `query` in the region's CTR and returns what its ESA module saw, as the CTR UI lists it. */
  async investigate(query: string, region: SseRegionName = 'AMERICAS') {
    const { observables, result } = await this.ctrFor(region).investigate(query)
    const esa = (result.data ?? []).filter((d) => d.module === 'Email Security Appliance' || String(d.module).includes('Email Security'))
    const sightings = esa.flatMap((d) => ((d.data as { sightings?: { docs: unknown[] } }).sightings?.docs ?? []))
    return { observables, result, sightings: sightings as Array<Record<string, unknown>> }
  }
}
