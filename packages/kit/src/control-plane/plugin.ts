// /__mock/*: the same admin plane in every service — health, ready, reset, seed, orgs, clock, faults, journal.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { parseDuration, type ControllableClock } from '../clock.ts'
import { DomainError } from '../errors/domain-error.ts'
import type { ControlPlaneStore } from './state-store.ts'
import type { Journal } from './journal.ts'
import { isValidPattern, type FaultRule } from './faults/rules.ts'
import { ClockState as ClockView, ClockUpdate, FaultRule as FaultRuleInput, FaultRuleView, Health, JournalQuery, OrgScope, Ready as Readiness } from '@ctrmock/types'

export interface ControlPlaneHooks {
  /** Deletes the service's domain state: everything, or one org's rows only. */
  reset?(org?: string): Promise<void>
  /** Loads fixtures; returns what was created. */
  seed?(fixtures: unknown): Promise<unknown>
  /** Creates an isolated org (tenant) for a test suite; returns its identity and credentials. */
  createOrg?(input: Record<string, unknown>): Promise<unknown>
}

export interface ControlPlaneOptions {
  service: string
  region?: string
  version: string
  clock: ControllableClock
  store: ControlPlaneStore
  journal: Journal
  hooks: ControlPlaneHooks
  /** true when ready; false, a reason, or a thrown error when not. */
  readyChecks: Record<string, () => Promise<boolean | string> | boolean | string>
}

const TAG = { tags: ['control plane'] }

// A POST without a body means "no options" on these routes.
async function emptyBodyIsObject(request: FastifyRequest): Promise<void> {
  request.body ??= {}
}

function clockView(clock: ControllableClock, org?: string) {
  const state = clock.state(org)
  return { now: clock.now(org).toISOString(), offsetMs: state.offsetMs, frozen: state.frozenAt !== null, ...(org ? { org } : {}) }
}

function ruleView(rule: FaultRule) {
  return {
    id: rule.id, match: rule.match, action: rule.action, probability: rule.probability, fired: rule.fired,
    ...(rule.seed !== undefined ? { seed: rule.seed } : {}),
    ...(rule.remaining !== undefined ? { remaining: rule.remaining } : {}),
  }
}

/** A failed check's error as one line (a driver's message may run over several). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? 'check failed')
  return message.trim().split('\n').at(-1)!.trim().slice(0, 300) || 'check failed'
}

export async function controlPlane(fastify: FastifyInstance, opts: ControlPlaneOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { clock, store, journal, hooks } = opts
  const startedAt = Date.now()

  app.get('/__mock/health', { schema: { ...TAG, response: { 200: Health } } }, async () => ({
    status: 'ok' as const, service: opts.service, region: opts.region, version: opts.version,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
  }))

  app.get('/__mock/ready', { schema: { ...TAG, response: { 200: Readiness, 503: Readiness } } }, async (_req, reply) => {
    const checks: Record<string, boolean> = {}
    const reasons: Record<string, string> = {}
    await Promise.all(Object.entries(opts.readyChecks).map(async ([name, check]) => {
      const result = await Promise.resolve().then(check).catch((error: unknown) => reasonOf(error))
      checks[name] = result === true
      if (typeof result === 'string') reasons[name] = result
    }))
    const ready = Object.values(checks).every(Boolean)
    return reply.code(ready ? 200 : 503).send({ ready, checks, ...(Object.keys(reasons).length > 0 ? { reasons } : {}) })
  })

  app.post('/__mock/reset', { schema: { ...TAG, body: OrgScope }, preValidation: emptyBodyIsObject }, async (request) => {
    const org = request.body.org
    await hooks.reset?.(org)
    const faults = await store.deleteFaults(org ? { org } : {})
    const journalEntries = journal.clear(org)
    clock.reset(org)
    if (org) await store.saveClock(clock.state(org), org)
    else {
      await store.clearOrgClocks()
      await store.saveClock(clock.state())
    }
    return { reset: org ? { org } : 'all', faults, journalEntries }
  })

  app.post('/__mock/seed', { schema: { ...TAG, body: Type.Unknown() } }, async (request, reply) => {
    if (!hooks.seed) throw new DomainError('not_implemented', `${opts.service} has no fixtures to seed`, 501)
    return reply.code(201).send(await hooks.seed(request.body ?? {}))
  })

  app.post('/__mock/orgs', { schema: { ...TAG, body: Type.Record(Type.String(), Type.Unknown()) }, preValidation: emptyBodyIsObject }, async (request, reply) => {
    if (!hooks.createOrg) throw new DomainError('not_implemented', `${opts.service} has no orgs of its own`, 501)
    return reply.code(201).send(await hooks.createOrg(request.body))
  })

  app.get('/__mock/clock', { schema: { ...TAG, querystring: OrgScope, response: { 200: ClockView } } }, async (request) =>
    clockView(clock, request.query.org))

  // With `org`, only that org's time moves (relative to the service's time); without, the whole service's.
  app.put('/__mock/clock', { schema: { ...TAG, body: ClockUpdate, response: { 200: ClockView } } }, async (request) => {
    const { org, ...update } = request.body
    if (update.reset) clock.reset(org)
    if (update.offsetMs !== undefined) clock.set({ offsetMs: update.offsetMs, frozenAt: clock.state(org).frozenAt }, org)
    // Freeze first: a frozen clock then moves by exact amounts, so {set, freeze} stands exactly at `set`.
    if (update.freeze === true) clock.freeze(org)
    if (update.set !== undefined) clock.advance(new Date(update.set).getTime() - clock.now(org).getTime(), org)
    if (update.advance !== undefined) {
      const ms = parseDuration(update.advance)
      if (ms === undefined) throw new DomainError('invalid_request', `advance: cannot read "${update.advance}" as a duration`)
      clock.advance(ms, org)
    }
    if (update.freeze === false) clock.unfreeze(org)
    if (update.reset && org === undefined) await store.clearOrgClocks()
    await store.saveClock(clock.state(org), org)
    return clockView(clock, org)
  })

  app.get('/__mock/faults', { schema: { ...TAG, response: { 200: Type.Object({ faults: Type.Array(FaultRuleView) }) } } }, async () => {
    await store.reloadFaults()
    return { faults: store.faults.map(ruleView) }
  })

  app.post('/__mock/faults', { schema: { ...TAG, body: FaultRuleInput, response: { 201: FaultRuleView } } }, async (request, reply) => {
    const input = request.body
    if (!isValidPattern(input.match.path)) throw new DomainError('invalid_request', `match.path: "${input.match.path}" is not a valid pattern`)
    const rule = await store.addFault({
      match: input.match, action: input.action, probability: input.probability ?? 1,
      ...(input.seed !== undefined ? { seed: input.seed } : {}),
      ...(input.times !== undefined ? { remaining: input.times } : {}),
    })
    return reply.code(201).send(ruleView(rule))
  })

  app.delete('/__mock/faults', { schema: { ...TAG, querystring: OrgScope } }, async (request) => ({
    deleted: await store.deleteFaults(request.query.org ? { org: request.query.org } : {}),
  }))

  app.delete('/__mock/faults/:id', { schema: { ...TAG, params: Type.Object({ id: Type.String({ maxLength: 100 }) }) } }, async (request) => {
    const deleted = await store.deleteFaults({ id: request.params.id })
    if (deleted === 0) throw new DomainError('not_found', `fault ${request.params.id} not found`, 404)
    return { deleted }
  })

  app.get('/__mock/journal', { schema: { ...TAG, querystring: JournalQuery } }, async (request) => {
    const entries = journal.list(request.query)
    return { size: journal.size, count: entries.length, entries }
  })

  app.delete('/__mock/journal', { schema: { ...TAG, querystring: OrgScope } }, async (request) => ({
    deleted: journal.clear(request.query.org),
  }))
}
