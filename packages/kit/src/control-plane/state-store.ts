// Control-plane state in Postgres, so every replica of a service instance sees the same faults and clock.
// Changes are announced with NOTIFY; each process keeps a cached copy and reloads when told.
import pg from 'pg'
import { nanoid } from 'nanoid'
import type { PrismaClient } from '../db/index.ts'
import type { ClockState } from '../clock.ts'
import type { FaultRule } from './faults/rules.ts'

const CHANNEL = 'ctrmock_control'
const SERVICE_SCOPE = '*'

type FaultRow = Awaited<ReturnType<PrismaClient['mockFault']['findMany']>>[number]

function toRule(row: FaultRow): FaultRule {
  return {
    id: row.id,
    position: row.position,
    match: {
      path: row.pathPattern,
      ...(row.method ? { method: row.method } : {}),
      ...(row.org ? { org: row.org } : {}),
      ...(row.region ? { region: row.region } : {}),
    },
    action: {
      type: row.actionType as FaultRule['action']['type'],
      ...(row.status !== null ? { status: row.status } : {}),
      ...(row.body !== null ? { body: row.body } : {}),
      ...(row.delayMs !== null ? { delayMs: row.delayMs } : {}),
    },
    probability: row.probability,
    ...(row.seed !== null ? { seed: row.seed } : {}),
    ...(row.remaining !== null ? { remaining: row.remaining } : {}),
    fired: row.fired,
  }
}

export type NewFaultRule = Omit<FaultRule, 'id' | 'position' | 'fired'>

export class ControlPlaneStore {
  faults: FaultRule[] = []
  #listener: pg.Client | undefined
  #closed = false
  readonly #instance = nanoid(10)
  #onClock: (service: ClockState, orgs: Map<string, ClockState>) => void = () => {}

  constructor(
    private readonly prisma: PrismaClient,
    private readonly databaseUrl: string,
  ) {}

  async start(onClock: (service: ClockState, orgs: Map<string, ClockState>) => void): Promise<void> {
    this.#onClock = onClock
    await Promise.all([this.reloadFaults(), this.reloadClock()])
    await this.#listen()
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#listener?.end().catch(() => {})
  }

  // LISTEN on a dedicated connection; if Postgres goes away, reconnect with backoff and resync.
  async #listen(attempt = 0): Promise<void> {
    if (this.#closed) return
    const client = new pg.Client({ connectionString: this.databaseUrl })
    client.on('error', () => {})
    client.on('end', () => {
      if (this.#closed) return
      this.#listener = undefined
      setTimeout(() => void this.#listen(attempt + 1).catch(() => {}), Math.min(200 * 2 ** attempt, 5_000)).unref()
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANNEL}`)
      // Closed while this connection was being made: nothing will end it later.
      if (this.#closed) {
        await client.end()
        return
      }
      client.on('notification', (message) => {
        // Our own changes are already in memory; reloading them could race a newer local change.
        const [what, from] = (message.payload ?? '').split(':')
        if (from === this.#instance) return
        if (what === 'faults') void this.reloadFaults().catch(() => {})
        if (what === 'clock') void this.reloadClock().catch(() => {})
      })
      this.#listener = client
      if (attempt > 0) await Promise.all([this.reloadFaults(), this.reloadClock()]).catch(() => {})
    } catch {
      await client.end().catch(() => {})
    }
  }

  async #notify(what: 'faults' | 'clock'): Promise<void> {
    await this.prisma.$executeRawUnsafe(`SELECT pg_notify('${CHANNEL}', '${what}:${this.#instance}')`)
  }

  async reloadFaults(): Promise<void> {
    const rows = await this.prisma.mockFault.findMany({ orderBy: { position: 'asc' } })
    this.faults = rows.map(toRule)
  }

  async reloadClock(): Promise<void> {
    const rows = await this.prisma.mockClock.findMany()
    const toState = (row: (typeof rows)[number]): ClockState => ({ offsetMs: Number(row.offsetMs), frozenAt: row.frozenAt })
    const service = rows.find((r) => r.scope === SERVICE_SCOPE)
    const orgs = new Map(rows.filter((r) => r.scope !== SERVICE_SCOPE).map((r) => [r.scope, toState(r)]))
    this.#onClock(service ? toState(service) : { offsetMs: 0, frozenAt: null }, orgs)
  }

  /** Persists the service clock, or one org's clock (a still org clock is deleted). */
  async saveClock(state: ClockState, org?: string): Promise<void> {
    const scope = org ?? SERVICE_SCOPE
    if (org !== undefined && state.offsetMs === 0 && !state.frozenAt) {
      await this.prisma.mockClock.deleteMany({ where: { scope } })
    } else {
      const data = { offsetMs: BigInt(Math.round(state.offsetMs)), frozenAt: state.frozenAt }
      await this.prisma.mockClock.upsert({ where: { scope }, create: { scope, ...data }, update: data })
    }
    await this.#notify('clock')
  }

  /** Forgets every org clock (a full reset). */
  async clearOrgClocks(): Promise<void> {
    await this.prisma.mockClock.deleteMany({ where: { scope: { not: SERVICE_SCOPE } } })
  }

  async addFault(rule: NewFaultRule): Promise<FaultRule> {
    const row = await this.prisma.mockFault.create({
      data: {
        id: `fault-${nanoid(12)}`,
        method: rule.match.method?.toUpperCase() ?? null,
        pathPattern: rule.match.path,
        org: rule.match.org ?? null,
        region: rule.match.region ?? null,
        actionType: rule.action.type,
        status: rule.action.status ?? null,
        body: (rule.action.body ?? undefined) as never,
        delayMs: rule.action.delayMs ?? null,
        probability: rule.probability,
        seed: rule.seed ?? null,
        remaining: rule.remaining ?? null,
      },
    })
    await this.reloadFaults()
    await this.#notify('faults')
    return toRule(row)
  }

  /** Deletes one rule, the rules of one org, or all; returns how many. */
  async deleteFaults(filter: { id?: string; org?: string } = {}): Promise<number> {
    const where = filter.id ? { id: filter.id } : filter.org ? { org: filter.org } : {}
    const { count } = await this.prisma.mockFault.deleteMany({ where })
    await this.reloadFaults()
    await this.#notify('faults')
    return count
  }

  /** Draw index for a probabilistic rule, taken atomically so replicas share one sequence. */
  async nextEvaluation(id: string): Promise<number | undefined> {
    const rows = await this.prisma.$queryRaw<{ evaluations: number }[]>`
      UPDATE "MockFault" SET evaluations = evaluations + 1 WHERE id = ${id} RETURNING evaluations`
    return rows[0] ? rows[0].evaluations - 1 : undefined
  }

  /** Records a firing; for a counted rule, only while some remain (atomic across replicas). */
  async claimFiring(rule: FaultRule): Promise<boolean> {
    const rows = rule.remaining === undefined
      ? await this.prisma.$queryRaw<{ remaining: number | null }[]>`
          UPDATE "MockFault" SET fired = fired + 1 WHERE id = ${rule.id} RETURNING remaining`
      : await this.prisma.$queryRaw<{ remaining: number | null }[]>`
          UPDATE "MockFault" SET fired = fired + 1, remaining = remaining - 1
          WHERE id = ${rule.id} AND remaining > 0 RETURNING remaining`
    const claimed = rows[0]
    const cached = this.faults.find((f) => f.id === rule.id)
    if (cached) {
      if (claimed) cached.fired += 1
      if (cached.remaining !== undefined) cached.remaining = claimed ? (claimed.remaining ?? 0) : 0
    }
    if (rule.remaining !== undefined) void this.#notify('faults').catch(() => {})
    return Boolean(claimed)
  }
}
