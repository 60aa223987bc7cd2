// Cisco's `threatresponse` Python SDK (CiscoSecurity/tr-05-api-module) as far as CTR is concerned, emulated over
// real HTTP because PyPI is out of reach here. Each behaviour mirrors the SDK (cisco-api.md §6.1):
// - every URL is urljoin(environment.visibility, '/iroh/...'): absolute paths at the host root;
// - client mode POSTs /iroh/oauth2/token once in the constructor (Basic auth, form grant_type=client_credentials,
//   Accept: application/json), raises on non-2xx, reads only access_token; on a 401 it fetches a token once more
//   and retries the call;
// - token mode GETs /iroh/iroh-enrich/settings with the token and raises on non-2xx;
// - API calls raise on non-2xx, then evaluate `'text' in response.headers['Content-Type']`, which fails when the
//   header is missing, and parse JSON unless the call asked for the raw response (module entity DELETE does);
// - inspect posts {content} and parses the answer without checking the status;
// - commands.verdict = inspect → deliberate, reading data[].module and data.verdicts.docs[].observable,
//   valid_time.end_time, disposition_name; commands.targets = inspect → observe, reading sightings' targets;
// - respond.trigger percent-encodes both path segments and sends the query as params.

export class SdkHttpError extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`HTTP ${status}: ${body}`)
  }
}

export interface SdkCall {
  method: string
  path: string
  status: number
}

export class ThreatResponseSdk {
  readonly calls: SdkCall[] = []
  #token = ''

  private constructor(private readonly visibility: string, private readonly credentials?: { id: string; password: string }) {}

  static async withClient(visibility: string, clientId: string, clientPassword: string): Promise<ThreatResponseSdk> {
    const sdk = new ThreatResponseSdk(visibility, { id: clientId, password: clientPassword })
    await sdk.#requestToken()
    return sdk
  }

  static async withToken(visibility: string, token: string): Promise<ThreatResponseSdk> {
    const sdk = new ThreatResponseSdk(visibility)
    sdk.#token = token
    const res = await sdk.#send('GET', '/iroh/iroh-enrich/settings', { headers: { accept: 'application/json' } })
    if (res.status >= 400) throw new SdkHttpError(res.status, await res.text())
    return sdk
  }

  async #requestToken(): Promise<void> {
    const { id, password } = this.credentials!
    const res = await fetch(new URL('/iroh/oauth2/token', this.visibility), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded', accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    })
    this.calls.push({ method: 'POST', path: '/iroh/oauth2/token', status: res.status })
    if (res.status >= 400) throw new SdkHttpError(res.status, await res.text())
    this.#token = (await res.json()).access_token
  }

  async #send(method: string, path: string, options: { json?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(path, this.visibility)
    for (const [k, v] of Object.entries(options.params ?? {})) url.searchParams.set(k, v)
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.#token}`, ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers,
      },
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    })
    this.calls.push({ method, path: url.pathname, status: res.status })
    return res
  }

  async #perform(method: string, path: string, options: { json?: unknown; params?: Record<string, string> } = {}): Promise<Response> {
    let res = await this.#send(method, path, options)
    if (res.status === 401 && this.credentials) {
      await this.#requestToken()
      res = await this.#send(method, path, options)
    }
    return res
  }

  /** The SDK's API base: raise_for_status, the Content-Type check, then JSON unless raw. */
  async #api(method: string, path: string, options: { json?: unknown; params?: Record<string, string>; raw?: boolean } = {}): Promise<unknown> {
    const res = await this.#perform(method, path, options)
    const text = await res.text()
    if (res.status >= 400) throw new SdkHttpError(res.status, text)
    const contentType = res.headers.get('content-type')
    if (contentType === null) throw new TypeError("argument of type 'NoneType' is not iterable")
    if (options.raw) return res.status
    if (contentType.includes('text')) return text
    return JSON.parse(text)
  }

  readonly inspect = {
    inspect: async (payload: { content: string }) => (await (await this.#perform('POST', '/iroh/iroh-inspect/inspect', { json: payload })).json()) as Array<{ type: string; value: string }>,
  }

  readonly enrich = {
    health: () => this.#api('POST', '/iroh/iroh-enrich/health'),
    observe: { observables: (payload: unknown) => this.#api('POST', '/iroh/iroh-enrich/observe/observables', { json: payload }) },
    deliberate: { observables: (payload: unknown) => this.#api('POST', '/iroh/iroh-enrich/deliberate/observables', { json: payload }) },
    refer: { observables: (payload: unknown) => this.#api('POST', '/iroh/iroh-enrich/refer/observables', { json: payload }) },
    settings: { get: () => this.#api('GET', '/iroh/iroh-enrich/settings') },
  }

  readonly response = {
    respond: {
      observables: (payload: unknown) => this.#api('POST', '/iroh/iroh-response/respond/observables', { json: payload }),
      trigger: (moduleName: string, actionId: string, observableType: string, observableValue: string, query: Record<string, string> = {}) =>
        this.#api('POST', `/iroh/iroh-response/respond/trigger/${encodeURIComponent(moduleName)}/${encodeURIComponent(actionId)}`, {
          params: { ...query, observable_type: observableType, observable_value: observableValue },
        }),
    },
  }

  readonly int = {
    module_type: this.#moduleEntity('/iroh/iroh-int/module-type'),
    module_instance: this.#moduleEntity('/iroh/iroh-int/module-instance'),
  }

  readonly profile = { whoami: () => this.#api('GET', '/iroh/profile/whoami') }

  readonly sse_device = {
    get_all: () => this.#api('GET', '/iroh/iroh-sse/device'),
    get_by_id: (id: string) => this.#api('GET', `/iroh/iroh-sse/device/${encodeURIComponent(id)}`),
    delete: (id: string) => this.#api('DELETE', `/iroh/iroh-sse/device/${encodeURIComponent(id)}`),
  }

  #moduleEntity(base: string) {
    const join = (id: string) => `${base}/${encodeURIComponent(id)}`
    return {
      get: (id?: string) => this.#api('GET', id ? join(id) : base),
      post: (payload: unknown) => this.#api('POST', base, { json: payload }),
      patch: (id: string, payload: unknown) => this.#api('PATCH', join(id), { json: payload }),
      delete: (id: string) => this.#api('DELETE', join(id), { raw: true }),
    }
  }

  readonly commands = {
    verdict: async (text: string) => {
      const observables = (await this.#api('POST', '/iroh/iroh-inspect/inspect', { json: { content: text } })) as unknown[]
      const response = (await this.#api('POST', '/iroh/iroh-enrich/deliberate/observables', { json: observables })) as { data?: Array<{ module: string; data?: { verdicts?: { docs?: Array<Record<string, any>> } } }> }
      const verdicts = (response.data ?? []).flatMap((module) => (module.data?.verdicts?.docs ?? []).map((doc) => ({
        observable_value: doc.observable.value, observable_type: doc.observable.type, expiration: required(doc.valid_time, 'end_time'),
        module: module.module, disposition_name: required(doc, 'disposition_name'),
      })))
      return { response, verdicts }
    },
    targets: async (text: string) => {
      const observables = (await this.#api('POST', '/iroh/iroh-inspect/inspect', { json: { content: text } })) as unknown[]
      const response = (await this.#api('POST', '/iroh/iroh-enrich/observe/observables', { json: observables })) as { data?: Array<{ module: string; data?: { sightings?: { docs?: Array<{ targets?: Array<Record<string, unknown>> }> } } }> }
      const targets = (response.data ?? []).map((module) => ({
        module: module.module,
        targets: (module.data?.sightings?.docs ?? []).flatMap((doc) => doc.targets ?? []).map(({ observed_time: _t, ...rest }) => rest),
      }))
      return { response, targets }
    },
  }
}

/** Python's dict['key']: a KeyError when missing. */
function required(object: Record<string, unknown> | undefined, key: string): unknown {
  if (!object || !(key in object)) throw new Error(`KeyError: '${key}'`)
  return object[key]
}
