// Redemption is decided by the database: concurrent claims race on one conditional UPDATE.
import t, { type Test } from 'tap'
import { ControllableClock } from '@ctrmock/kit'
import { createTestDatabase } from '@ctrmock/kit/testing'
import { createSseStore } from '../../src/store/index.ts'
import { cryptoRandom } from '../../src/app.ts'
import type { SseContext } from '../../src/domain/context.ts'
import { generateTokens } from '../../src/domain/registration-tokens.ts'
import { registerDevice } from '../../src/domain/device-registration.ts'
import { RegistrationRejectedError } from '../../src/domain/errors.ts'
import { facts, newOrg, T0 } from '../helper.ts'

async function context(t: Test): Promise<SseContext> {
  const { prisma } = await createTestDatabase(t)
  const clock = new ControllableClock()
  clock.set({ offsetMs: 0, frozenAt: new Date(T0) })
  return { store: createSseStore(prisma), clock, random: cryptoRandom, region: 'AMERICAS', heartbeatIntervalSeconds: 60 }
}

async function claimAll(ctx: SseContext, tokens: string[]) {
  const results = await Promise.allSettled(tokens.map((token, i) => registerDevice(ctx, { token, device: facts({ name: `esa-${i}` }) })))
  const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
  return { won, lost }
}

// One database for this file; each test uses an org of its own.
const ctx = await context(t)

t.test('50 concurrent registrations with one token: exactly one succeeds', async (t) => {
  const org = newOrg()
  const token = (await generateTokens(ctx, { orgId: org, label: 'admin' }, { count: 1, expiration: '1h' })).tokens[0]!.token
  const { won, lost } = await claimAll(ctx, Array.from({ length: 50 }, () => token))
  t.equal(won.length, 1)
  t.equal(lost.length, 49)
  t.ok(lost.every((e) => e instanceof RegistrationRejectedError && e.reason === 'used token'), 'the others are told nothing but logged as "used token"')
  const devices = await ctx.store.devices.listByOrg(org)
  t.same(devices.map((d) => d.id), [won[0]!.registration.deviceId], 'one device exists')
  t.equal((await ctx.store.tokens.find(token))!.deviceId, won[0]!.registration.deviceId)
})

t.test('a 100-device batch with 150 concurrent claimants registers exactly 100 devices', async (t) => {
  const org = newOrg()
  const tokens = (await generateTokens(ctx, { orgId: org, label: 'admin' }, { count: 100, expiration: '5d' })).tokens.map((e) => e.token)
  const claims = [...tokens, ...tokens.slice(0, 50)].sort(() => 0.5 - Math.random())
  const { won, lost } = await claimAll(ctx, claims)
  t.equal(won.length, 100)
  t.equal(lost.length, 50)
  t.equal((await ctx.store.devices.listByOrg(org)).length, 100)
  t.equal(new Set(won.map((w) => w.registration.deviceId)).size, 100)
})
