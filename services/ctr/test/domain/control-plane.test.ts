// Use cases behind the profile and CTR's view of SSE devices, without HTTP.
import { test } from 'tap'
import type { Device } from '@ctrmock/types'
import { timeWindow } from '../../src/domain/enrich.ts'
import { createOrg, verifyPassword } from '../../src/domain/identity.ts'
import { seededRandom } from '../../src/domain/random.ts'
import { findDevice, searchDevices } from '../../src/domain/iroh-sse.ts'
import { changeOrg, currentOrg, orgChangeErrors, whoami } from '../../src/domain/profile.ts'
import { sessionScopes } from '../../src/domain/sessions.ts'
import type { IdentityStore, NewIdentity } from '../../src/store/identity.ts'
import { memoryContext, NOW } from '../support/memory-context.ts'

test('seeded ids and bytes repeat per seed and differ between seeds', async (t) => {
  const a = seededRandom('s')
  const b = seededRandom('s')
  const first = [a.id(), a.id()]
  t.same([b.id(), b.id()], first)
  t.not(first[0], first[1])
  t.not(seededRandom('other').id(), first[0])
  t.match(first[0], /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
  t.equal(seededRandom('s').bytes(36).length, 36)
  t.same(seededRandom('s').bytes(36), seededRandom('s').bytes(36))
})

test('an org made with a seeded source has predictable ids, and its password verifies', async (t) => {
  let saved: NewIdentity | undefined
  const store = { createIdentity: async (identity: NewIdentity) => { saved = identity } } as unknown as IdentityStore
  const created = await createOrg(store, seededRandom('org'), NOW, { name: 'Acme Corp' })
  const again = await createOrg(store, seededRandom('org'), NOW, { name: 'Acme Corp' })
  t.same(again, created, 'the same seed, the same org, client and password')
  t.match(created, { orgName: 'Acme Corp', clientId: /^client-[0-9a-f-]{36}$/, userEmail: 'admin@acme-corp.ctrmock.test' })
  t.equal(saved?.client.id, created.clientId)
  t.ok(await verifyPassword(created.clientPassword, saved!.client.passwordHash))
  t.notOk(await verifyPassword('wrong password', saved!.client.passwordHash))
})

test('whoami names the token\'s user and org in IROH\'s fields; a gone org is a 404', async (t) => {
  const { ctx, memory } = memoryContext()
  const me = await whoami(ctx, { orgId: 'org-a', userId: 'user-a', clientId: 'client-a', scopes: ['profile'] })
  t.match(me, { user: { role: 'admin', 'user-email': 'admin@acme.test', 'last-logged-at': NOW.toISOString() }, org: { id: 'org-a', name: 'Acme' } })
  t.same(me.user.scopes, sessionScopes('admin'), 'the user\'s scopes, as user management shows them, not the token\'s')
  const userless = await whoami(ctx, { orgId: 'org-a', userId: 'nobody', clientId: 'client-a', scopes: ['profile'] })
  t.same(userless.user.scopes, ['profile'], 'a caller without a user record shows its token\'s')
  memory.orgs.clear()
  await t.rejects(currentOrg(ctx, 'org-a'), { code: 'not_found', status: 404 })
})

test('an org change takes a name only, trimmed', async (t) => {
  const { ctx } = memoryContext()
  t.same(orgChangeErrors({ name: 'x', id: 'y' }), { id: 'disallowed-key' })
  t.same(orgChangeErrors({ name: '  ' }), { name: '(not (non-blank-string? name))' })
  t.same(orgChangeErrors({ name: 'Acme Corp' }), {})
  t.equal((await changeOrg(ctx, 'org-a', { name: ' Acme Corp ' })).name, 'Acme Corp')
})

test('SSE devices are searched, typed and paged; an unknown one is a 404', async (t) => {
  const device = (id: string, name: string, type: Device['type']) => ({ id, name, type, description: '', serialNumber: `SN-${id}`, ip: '10.0.0.1' }) as Device
  const devices = [device('1', 'esa01', 'ESA'), device('2', 'esa02', 'ESA'), device('3', 'edge', 'FTD')]
  t.same(searchDevices(devices, { search: 'ESA' }).map((d) => d.id), ['1', '2'])
  t.same(searchDevices(devices, { search: 'sn-3' }).map((d) => d.id), ['3'])
  t.same(searchDevices(devices, { offset: 1, limit: 1 }).map((d) => d.id), ['2'])
  t.equal(findDevice(devices, '2').name, 'esa02')
  t.throws(() => findDevice(devices, '9'), { code: 'not_found', status: 404 })
})

test('observe/targets takes a window whose start is not after its end', async (t) => {
  t.same(timeWindow(), {})
  t.same(timeWindow('2026-01-01T00:00:00Z'), { start: new Date('2026-01-01T00:00:00Z') })
  t.throws(() => timeWindow('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'), { code: 'invalid_request', message: 'start_time must not be after end_time' })
})
