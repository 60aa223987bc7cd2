// Private intelligence (CTIA) as the SDK's `private_intel` reaches it, with a token the region's CTR issued for the org.
import type { Confidence, Disposition, DispositionName, Judgement, Observable, Severity, Verdict } from '@ctrmock/types'
import { HttpService } from './http.ts'
import { ControlPlaneClient } from './control-plane.ts'

/** A new judgement as CTIA takes it; `source`, `priority`, `confidence`, `severity` and `valid_time` have defaults here. */
export interface NewJudgement {
  observable: Observable
  disposition: Disposition
  disposition_name: DispositionName
  source?: string
  priority?: number
  confidence?: Confidence
  severity?: Severity
  valid_time?: { start_time?: string; end_time?: string }
  reason?: string
  external_ids?: string[]
}

/** A stored judgement: CTIA adds the id (a URL), owner, groups and timestamps. */
export type StoredJudgement = Judgement & { id: string; owner?: string; groups?: string[] }

/** A page of a search with CTIA's paging headers. */
export interface SearchPage<T> {
  hits: T[]
  totalHits: number
  next?: string
}

export interface SearchOptions {
  limit?: number
  offset?: number
  sort_by?: string
  sort_order?: 'asc' | 'desc'
}

const DISPOSITION_SEVERITY: Record<Disposition, Severity> = { 1: 'Info', 2: 'High', 3: 'Medium', 4: 'Info', 5: 'Unknown' }

export class IntelClient {
  readonly http: HttpService
  readonly control: ControlPlaneClient

  constructor(readonly baseUrl: string, accessToken: () => Promise<string>, service = 'intel') {
    this.http = new HttpService(service, baseUrl, async () => ({ authorization: `Bearer ${await accessToken()}` }))
    this.control = new ControlPlaneClient(service, baseUrl)
  }

  /** POST /ctia/judgement (the SDK's `private_intel.judgement.post`). */
  postJudgement(judgement: NewJudgement): Promise<StoredJudgement> {
    return this.http.json('POST', '/ctia/judgement', {
      body: {
        source: 'ctrmock client', priority: 95, confidence: 'High', severity: DISPOSITION_SEVERITY[judgement.disposition],
        valid_time: {}, ...judgement,
      },
    })
  }

  /** GET /ctia/{type}/{value}/verdict; undefined when no judgement of the observable is valid now. */
  async verdict(observable: Observable): Promise<Verdict | undefined> {
    const answer = await this.http.request<Verdict>('GET', `/ctia/${encodeURIComponent(observable.type)}/${encodeURIComponent(observable.value)}/verdict`, { accept: [404] })
    return answer.status === 404 ? undefined : answer.body
  }

  /** GET /ctia/{type}/{value}/judgements. */
  judgementsOf(observable: Observable): Promise<StoredJudgement[]> {
    return this.http.json('GET', `/ctia/${encodeURIComponent(observable.type)}/${encodeURIComponent(observable.value)}/judgements`)
  }

  /** GET /ctia/{entity}/search with a Lucene `query` (CTIA's subset). */
  async search<T = Record<string, unknown>>(entity: string, query: string, options: SearchOptions = {}): Promise<SearchPage<T>> {
    const answer = await this.http.request<T[]>('GET', `/ctia/${encodeURIComponent(entity)}/search`, { query: { query, ...options } })
    const next = answer.headers.get('x-next')
    return { hits: answer.body, totalHits: Number(answer.headers.get('x-total-hits') ?? answer.body.length), ...(next ? { next } : {}) }
  }

  /** DELETE /ctia/{entity}/{id}; the id may be the whole URL CTIA gave. */
  async delete(entity: string, id: string): Promise<void> {
    await this.http.request('DELETE', `/ctia/${encodeURIComponent(entity)}/${encodeURIComponent(id.slice(id.lastIndexOf('/') + 1))}`)
  }
}
