// Cisco's `threatresponse` Python SDK v0.15.0 (CiscoSecurity/tr-05-api-module) as far as IROH is concerned, over
// real HTTP, so the suite fails where the real client would. Each behaviour below was checked against the SDK itself:
// - the constructor raises CredentialsError without a client pair or a token; it resolves the token URL first (a
//   region outside '', 'us', 'eu', 'apjc' raises RegionError), requests the token (client mode: POST
//   /iroh/oauth2/token, Basic auth, grant_type=client_credentials; token mode: GET /iroh/iroh-enrich/settings), and
//   only then builds every API family's URL, so an `environment` without `visibility`, `private_intel` and
//   `global_intel` raises KeyError after the token request has been made;
// - every URL is urljoin(family URL, '/iroh/...'); path segments are quoted with nothing safe, so a '/' inside a
//   segment ('action/preview') travels as %2F;
// - calls raise HTTPError on >= 400 and parse JSON unless asked for 'raw' or 'text' (entity DELETE is raw); in client
//   mode a 401 fetches a new token once and retries;
// - commands.verdict and commands.targets are inspect → deliberate / observe, reading the fields noted there.

export class SdkHttpError extends Error {
  override name = 'HTTPError'
  constructor(readonly status: number, readonly body: string) {
    super(`${status} Error: ${body}`)
  }
}
export class RegionError extends Error { override name = 'RegionError' }
export class CredentialsError extends Error { override name = 'CredentialsError' }
/** Python's KeyError, raised where the SDK indexes a dict. */
export class SdkKeyError extends Error {
  override name = 'KeyError'
  constructor(readonly key: string) { super(`KeyError: '${key}'`) }
}

export interface SdkCall { method: string, path: string, status: number }
export interface RawResponse { status_code: number, headers: Headers, text: string }
type Family = 'visibility' | 'private_intel' | 'global_intel'
type Environment = Partial<Record<Family, string>>
interface CallOptions { json?: unknown, params?: Record<string, string | string[] | number | undefined | null>, response_type?: 'json' | 'raw' | 'text' }

export interface SdkOptions {
  client_id?: string
  client_password?: string
  token?: string
  region?: string | null
  environment?: Environment
}

const CISCO_ENVIRONMENT: Environment = {
  visibility: 'https://visibility{region}.amp.cisco.com',
  private_intel: 'https://private.intel{region}.amp.cisco.com',
  global_intel: 'https://intel{region}.amp.cisco.com',
}
const REGIONS = ['', 'us', 'eu', 'apjc']

/** urls.url_for: the region is checked before the family is looked up. */
export function urlFor(region: string | null | undefined, family: Family, environment: Environment = CISCO_ENVIRONMENT): string {
  const r = region ?? ''
  if (!REGIONS.includes(r)) throw new RegionError(`Invalid region '${r}', must be one of: ${REGIONS.map((x) => `'${x}'`).join(', ')}.`)
  const pattern = environment[family]
  if (pattern === undefined) throw new SdkKeyError(family)
  const suffix = r === '' || r === 'us' ? '' : `.${r}`
  return pattern.replace('{region}', suffix)
}

/** Python's quote(part, safe=''): everything but unreserved characters is escaped, '/' included. */
function quote(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** urls.join: segments stripped of '/' and quoted. */
export function join(base: string, ...parts: string[]): string {
  return `${base.replace(/\/+$/, '')}/${parts.map((p) => quote(String(p).replace(/^\/+|\/+$/g, ''))).join('/')}`
}

export class ThreatResponseSdk {
  readonly calls: SdkCall[] = []
  #token = ''
  #visibility = ''

  private constructor(private readonly credentials?: { id: string, password: string }) {}

  /** ThreatResponse(client_id=..., client_password=..., token=..., region=..., environment=...). */
  static async create(options: SdkOptions): Promise<ThreatResponseSdk> {
    const { client_id: id, client_password: password, token, region, environment } = options
    if (!token && !(id && password)) throw new CredentialsError('Credentials must be supplied either as a pair of client_id and client_password or as a single token.')
    const sdk = new ThreatResponseSdk(token ? undefined : { id: id!, password: password! })
    sdk.#visibility = urlFor(region, 'visibility', environment)
    if (token) await sdk.#checkToken(token)
    else await sdk.#requestToken()
    for (const family of ['visibility', 'private_intel', 'global_intel'] as const) urlFor(region, family, environment)
    return sdk
  }

  async #checkToken(token: string): Promise<void> {
    this.#token = token
    const res = await this.#send('GET', '/iroh/iroh-enrich/settings', {}, { accept: 'application/json' })
    if (res.status >= 400) throw new SdkHttpError(res.status, await res.text())
  }

  async #requestToken(): Promise<void> {
    const { id, password } = this.credentials!
    const res = await fetch(new URL('/iroh/oauth2/token', this.#visibility), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    })
    this.calls.push({ method: 'POST', path: '/iroh/oauth2/token', status: res.status })
    const text = await res.text()
    if (res.status >= 400) throw new SdkHttpError(res.status, text)
    const body = JSON.parse(text) as Record<string, string>
    if (!('access_token' in body)) throw new SdkKeyError('access_token')
    this.#token = body.access_token!
  }

  async #send(method: string, path: string, options: CallOptions = {}, headers: Record<string, string> = {}): Promise<Response> {
    const url = new URL(path, this.#visibility)
    for (const [k, v] of Object.entries(options.params ?? {})) {
      if (v === undefined || v === null) continue
      for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(one))
    }
    const hasJson = options.json !== undefined
    const res = await fetch(url, {
      method,
      headers: { ...headers, authorization: `Bearer ${this.#token}`, ...(hasJson ? { 'content-type': 'application/json' } : {}) },
      ...(hasJson ? { body: JSON.stringify(options.json) } : {}),
    })
    this.calls.push({ method, path: `${url.pathname}${url.search}`, status: res.status })
    return res
  }

  /** API.__perform behind the authorized request: retry once on 401 (client mode), raise_for_status, then decode. */
  async #api(method: string, path: string, options: CallOptions = {}): Promise<any> {
    let res = await this.#send(method, path, options)
    if (res.status === 401 && this.credentials) {
      await this.#requestToken()
      res = await this.#send(method, path, options)
    }
    const text = await res.text()
    if (res.status >= 400) throw new SdkHttpError(res.status, text)
    const type = options.response_type ?? 'json'
    if (type === 'raw') return { status_code: res.status, headers: res.headers, text } satisfies RawResponse
    if (type === 'text') return text
    return JSON.parse(text)
  }

  #entity(base: string) {
    return {
      get: (id?: string) => this.#api('GET', id ? join(base, id) : base),
      post: (payload: unknown) => this.#api('POST', base, { json: payload }),
      put: (id: string, payload: unknown) => this.#api('PUT', join(base, id), { json: payload }),
      patch: (id: string, payload: unknown) => this.#api('PATCH', join(base, id), { json: payload }),
      delete: (id: string) => this.#api('DELETE', join(base, id), { response_type: 'raw' }) as Promise<RawResponse>,
    }
  }

  #lookup(family: 'observe' | 'deliberate' | 'refer') {
    const base = `/iroh/iroh-enrich/${family}`
    return {
      observables: (payload: unknown) => this.#api('POST', `${base}/observables`, { json: payload }),
      sighting: (payload: unknown) => this.#api('POST', `${base}/sighting`, { json: payload }),
      sighting_ref: (payload: unknown) => this.#api('POST', `${base}/sighting_ref`, { json: payload }),
    }
  }

  readonly inspect = {
    inspect: (payload: { content: string }) => this.#api('POST', '/iroh/iroh-inspect/inspect', { json: payload }) as Promise<Array<{ type: string, value: string }>>,
  }

  readonly enrich = {
    health: Object.assign(() => this.#api('POST', '/iroh/iroh-enrich/health'), {
      module_instance_id: (id: string) => this.#api('POST', join('/iroh/iroh-enrich/health', id)),
    }),
    observe: this.#lookup('observe'),
    deliberate: this.#lookup('deliberate'),
    refer: this.#lookup('refer'),
    settings: { get: () => this.#api('GET', '/iroh/iroh-enrich/settings') },
  }

  readonly response = {
    respond: {
      observables: (payload: unknown) => this.#api('POST', '/iroh/iroh-response/respond/observables', { json: payload }),
      sighting: (payload: unknown) => this.#api('POST', '/iroh/iroh-response/respond/sighting', { json: payload }),
      trigger: (moduleName: string, actionId: string, observableType?: string, observableValue?: string, params: Record<string, string> = {}) =>
        this.#api('POST', join('/iroh/iroh-response/respond/trigger', moduleName, actionId), {
          params: observableType && observableValue ? { ...params, observable_type: observableType, observable_value: observableValue } : params,
        }),
    },
  }

  readonly int = {
    integration: this.#entity('/iroh/iroh-int/integration'),
    module_instance: this.#entity('/iroh/iroh-int/module-instance'),
    module_type: this.#entity('/iroh/iroh-int/module-type'),
    module_type_patch: Object.assign(this.#entity('/iroh/iroh-int/module-type-patch'), {
      action_preview: (id: string) => this.#api('GET', join('/iroh/iroh-int/module-type-patch', id, 'action/preview')),
    }),
  }

  readonly profile = {
    whoami: () => this.#api('GET', '/iroh/profile/whoami'),
    org: {
      get: () => this.#api('GET', '/iroh/profile/org'),
      post: (payload: unknown) => this.#api('POST', '/iroh/profile/org', { json: payload }),
    },
  }

  readonly user_mgmt = {
    users: {
      get: (userId: string) => this.#api('GET', join('/iroh/user-mgmt/users', userId)),
      post: (userId: string, payload: unknown) => this.#api('POST', join('/iroh/user-mgmt/users', userId), { json: payload }),
    },
    batch: { users: (userIds: string[]) => this.#api('GET', '/iroh/user-mgmt/batch/users', { params: { id: userIds } }) },
    search: {
      users: (payload: unknown, query: { sort_by?: string, sort_order?: string, offset?: number, search_after?: string, limit?: number } = {}) =>
        this.#api('POST', '/iroh/user-mgmt/search/users', { json: payload, params: query }),
    },
  }

  readonly sse_device = {
    get_all: () => this.#api('GET', '/iroh/iroh-sse/device'),
    get_by_id: (id: string) => this.#api('GET', join('/iroh/iroh-sse/device', id)),
    post: (payload: unknown) => this.#api('POST', '/iroh/iroh-sse/device', { json: payload }),
    patch: (id: string, payload: unknown) => this.#api('PATCH', join('/iroh/iroh-sse/device', id), { json: payload }),
    token: (id: string, payload: unknown) => this.#api('POST', join('/iroh/iroh-sse/device', id, '/token'), { json: payload }),
    re_token: (id: string, payload: unknown) => this.#api('POST', join('/iroh/iroh-sse/device', id, '/token'), { json: payload }),
    api_proxy: (id: string, payload: unknown) => this.#api('POST', join('/iroh/iroh-sse/device', id, '/api-proxy'), { json: payload }),
    delete: (id: string) => this.#api('DELETE', join('/iroh/iroh-sse/device', id)),
  }

  readonly sse_tenant = {
    get_token: () => this.#api('GET', '/iroh/iroh-sse/tenant/token'),
  }

  readonly commands = {
    /** inspect, then deliberate; reads module, module_type_id, module_instance_id, and each verdict's disposition. */
    verdict: async (text: string) => {
      const observables = await this.inspect.inspect({ content: text })
      const response = await this.#api('POST', '/iroh/iroh-enrich/deliberate/observables', { json: observables }) as EnrichAnswer
      const verdicts = (response.data ?? []).flatMap((module) => (module.data?.verdicts?.docs ?? []).map((doc) => ({
        observable_value: key(key(doc, 'observable'), 'value'),
        observable_type: key(key(doc, 'observable'), 'type'),
        expiration: (key(doc, 'valid_time') as Record<string, unknown>).end_time ?? '',
        ...moduleKeys(module),
        disposition_name: key(DISPOSITIONS, String(key(doc, 'disposition'))),
      })))
      return { response, verdicts }
    },
    /** inspect, then observe; sightings' targets per module without observed_time, duplicates dropped. */
    targets: async (text: string) => {
      const observables = await this.inspect.inspect({ content: text })
      const response = await this.#api('POST', '/iroh/iroh-enrich/observe/observables', { json: observables }) as EnrichAnswer
      const targets = (response.data ?? []).map((module) => {
        const seen: Array<Record<string, unknown>> = []
        for (const doc of module.data?.sightings?.docs ?? []) {
          for (const { observed_time: _t, ...target } of (doc.targets ?? []) as Array<Record<string, unknown>>) {
            if (!seen.some((s) => JSON.stringify(s) === JSON.stringify(target))) seen.push(target)
          }
        }
        return { ...moduleKeys(module), targets: seen }
      })
      return { response, targets }
    },
  }
}

type Doc = Record<string, any>
interface EnrichAnswer { data?: Array<{ module: string, data?: { verdicts?: { docs?: Doc[] }, sightings?: { docs?: Doc[] } } } & Doc> }
const DISPOSITIONS: Record<string, string> = { 1: 'Clean', 2: 'Malicious', 3: 'Suspicious', 4: 'Common', 5: 'Unknown' }

function moduleKeys(module: Doc) {
  return { module: key(module, 'module'), module_type_id: key(module, 'module_type_id'), module_instance_id: key(module, 'module_instance_id') }
}

/** Python's dict['key']: a KeyError when missing. */
function key(object: Doc | undefined, name: string): any {
  if (!object || !(name in object)) throw new SdkKeyError(name)
  return object[name]
}
