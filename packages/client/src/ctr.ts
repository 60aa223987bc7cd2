// CTR (IROH) as a real client sees it: OAuth2 client credentials, inspect, modules, enrich, response, iroh-sse, events
// and webhooks.
import type {
  Observable, EnrichObserveResponse, EnrichReferResponse, RespondObservablesResponse, IrohTokenResponse, Device,
  EventPaging, IrohEventType, SearchEventsResult, Webhook, WebhookResult,
} from '@ctrmock/types'
import { HttpService } from './http.ts'
import { ControlPlaneClient } from './control-plane.ts'

export interface ApiClientCredentials {
  clientId: string
  clientPassword: string
}

export interface ModuleInstance {
  id: string
  name: string
  module_type_id: string
  org_id: string
  enabled: boolean
  visibility: string
  settings?: Record<string, unknown>
  created_at: string
}

export interface ModuleType {
  id: string
  title: string
  default_name?: string
  configuration_spec?: Array<{ key: string; type: string; label: string; required?: boolean; options?: unknown }>
}

/** A CTR org created for one test suite: its own API client, so suites never see each other. */
export interface CtrOrg extends ApiClientCredentials {
  orgId: string
  orgName: string
  scopes: string[]
}

export class CtrClient {
  readonly http: HttpService
  readonly control: ControlPlaneClient
  #token: { value: string; expiresAt: number } | undefined

  constructor(readonly baseUrl: string, private readonly credentials: ApiClientCredentials, service = 'ctr') {
    this.http = new HttpService(service, baseUrl, async () => ({ authorization: `Bearer ${await this.accessToken()}` }))
    this.control = new ControlPlaneClient(service, baseUrl)
  }

  /** POST /iroh/oauth2/token with HTTP Basic, as Cisco's SDK does. */
  async requestToken(): Promise<IrohTokenResponse> {
    const basic = Buffer.from(`${this.credentials.clientId}:${this.credentials.clientPassword}`).toString('base64')
    const anonymous = new HttpService(this.http.service, this.baseUrl)
    return anonymous.json('POST', '/iroh/oauth2/token', { form: { grant_type: 'client_credentials' }, headers: { authorization: `Basic ${basic}` } })
  }

  /** A cached access token, renewed a minute before it expires. */
  async accessToken(): Promise<string> {
    if (!this.#token || Date.now() > this.#token.expiresAt) {
      const answer = await this.requestToken()
      this.#token = { value: answer.access_token, expiresAt: Date.now() + (answer.expires_in - 60) * 1000 }
    }
    return this.#token.value
  }

  forgetToken(): void {
    this.#token = undefined
  }

  inspect(content: string): Promise<Observable[]> {
    return this.http.json('POST', '/iroh/iroh-inspect/inspect', { body: { content } })
  }

  observe(observables: Observable[], options: { mids?: string[] } = {}): Promise<EnrichObserveResponse> {
    return this.http.json('POST', '/iroh/iroh-enrich/observe/observables', { body: observables, query: { mids: options.mids } })
  }

  deliberate(observables: Observable[], options: { mids?: string[] } = {}): Promise<EnrichObserveResponse> {
    return this.http.json('POST', '/iroh/iroh-enrich/deliberate/observables', { body: observables, query: { mids: options.mids } })
  }

  refer(observables: Observable[]): Promise<EnrichReferResponse> {
    return this.http.json('POST', '/iroh/iroh-enrich/refer/observables', { body: observables })
  }

  respond(observables: Observable[]): Promise<RespondObservablesResponse> {
    return this.http.json('POST', '/iroh/iroh-response/respond/observables', { body: observables })
  }

  /** Inspect, then observe: what "Investigate" does in the CTR UI. */
  async investigate(query: string): Promise<{ observables: Observable[]; result: EnrichObserveResponse }> {
    const observables = await this.inspect(query)
    return { observables, result: observables.length > 0 ? await this.observe(observables) : { data: [], errors: [] } }
  }

  moduleTypes(): Promise<ModuleType[]> {
    return this.http.json('GET', '/iroh/iroh-int/module-type')
  }

  async moduleTypeByTitle(title: string): Promise<ModuleType> {
    const found = (await this.moduleTypes()).find((t) => t.title === title)
    if (!found) throw new Error(`CTR has no module type titled "${title}"`)
    return found
  }

  moduleInstances(): Promise<ModuleInstance[]> {
    return this.http.json('GET', '/iroh/iroh-int/module-instance')
  }

  createModuleInstance(input: { name: string; module_type_id: string; settings?: Record<string, unknown>; enabled?: boolean; visibility?: 'org' | 'user' }): Promise<ModuleInstance> {
    return this.http.json('POST', '/iroh/iroh-int/module-instance', { body: { visibility: 'org', enabled: true, ...input } })
  }

  async deleteModuleInstance(id: string): Promise<void> {
    await this.http.request('DELETE', `/iroh/iroh-int/module-instance/${encodeURIComponent(id)}`)
  }

  /** Devices CTR can see through its paired SSE (iroh-sse). */
  sseDevices(): Promise<Device[]> {
    return this.http.json('GET', '/iroh/iroh-sse/device')
  }

  /**
   * A webhook: CTR POSTs each of the org's IROH events of these types to `url`, signed with an IROH JWT for the OAuth
   * client `signedFor` names, if any; webhookResults says how each call went.
   */
  createWebhook(input: { name: string; url: string; eventTypes: IrohEventType[]; signedFor?: string }): Promise<Webhook> {
    const auth = input.signedFor ? { auth: { type: 'iroh-jwt', conf: { client_id: input.signedFor } } } : {}
    return this.http.json('POST', '/iroh/iroh-webhook/webhook', {
      body: { name: input.name, url: input.url, event_type_filter: input.eventTypes, webhook_type: 'url', source: 'iroh-events', visibility: 'org', ...auth },
    })
  }

  webhookResults(filter: { webhook_id?: string; event_id?: string; entity_id?: string } = {}): Promise<WebhookResult[]> {
    return this.http.json('GET', '/iroh/iroh-webhook/webhook-result', { query: filter })
  }

  /** The org's IROH events whose fields hold the values given (`{ event_type: 'module-instance/created' }`), newest first. */
  searchEvents(search: Record<string, unknown> = {}, paging: EventPaging = {}): Promise<SearchEventsResult> {
    return this.http.json('POST', '/iroh/iroh-event/event/search', { body: search, query: paging })
  }
}
