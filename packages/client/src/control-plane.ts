// The /__mock/* control plane, identical in every service.
import type { FaultRule, FaultRuleView, ClockState, JournalEntry, JournalQuery, Health, Ready, ClockUpdate } from '@ctrmock/types'
import { HttpService } from './http.ts'

export type JournalFilter = JournalQuery

export class ControlPlaneClient {
  readonly http: HttpService
  constructor(readonly service: string, readonly baseUrl: string) {
    this.http = new HttpService(service, baseUrl)
  }

  health(): Promise<Health> {
    return this.http.json('GET', '/__mock/health')
  }

  async ready(): Promise<Ready> {
    return (await this.http.request<Ready>('GET', '/__mock/ready', { accept: [503] })).body
  }

  /** Polls /__mock/ready until it answers ready or the time is up. */
  async waitReady(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let last = 'no answer'
    while (Date.now() < deadline) {
      try {
        const ready = await this.ready()
        if (ready.ready) return
        last = JSON.stringify(ready.checks)
      } catch (error) {
        last = error instanceof Error ? error.message : String(error)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`${this.service} at ${this.baseUrl} not ready after ${timeoutMs} ms (${last})`)
  }

  reset(org?: string): Promise<unknown> {
    return this.http.json('POST', '/__mock/reset', { body: org ? { org } : {} })
  }

  seed(fixtures: unknown): Promise<unknown> {
    return this.http.json('POST', '/__mock/seed', { body: fixtures })
  }

  createOrg<T = Record<string, unknown>>(input: Record<string, unknown> = {}): Promise<T> {
    return this.http.json('POST', '/__mock/orgs', { body: input })
  }

  clock(): Promise<ClockState> {
    return this.http.json('GET', '/__mock/clock')
  }

  setClock(update: ClockUpdate): Promise<ClockState> {
    return this.http.json('PUT', '/__mock/clock', { body: update })
  }

  advanceClock(by: string | number): Promise<ClockState> {
    return this.setClock({ advance: by })
  }

  addFault(rule: FaultRule): Promise<FaultRuleView> {
    return this.http.json('POST', '/__mock/faults', { body: rule })
  }

  async faults(): Promise<FaultRuleView[]> {
    return (await this.http.json<{ faults: FaultRuleView[] }>('GET', '/__mock/faults')).faults
  }

  async clearFaults(org?: string): Promise<number> {
    return (await this.http.json<{ deleted: number }>('DELETE', '/__mock/faults', { query: { org } })).deleted
  }

  async deleteFault(id: string): Promise<void> {
    await this.http.request('DELETE', `/__mock/faults/${encodeURIComponent(id)}`)
  }

  async journal(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return (await this.http.json<{ entries: JournalEntry[] }>('GET', '/__mock/journal', { query: { ...filter } })).entries
  }

  async clearJournal(org?: string): Promise<number> {
    return (await this.http.json<{ deleted: number }>('DELETE', '/__mock/journal', { query: { org } })).deleted
  }
}
