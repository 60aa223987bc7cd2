// CTR's tokens for its own calls to SSE and intel: reused while valid, minted again near expiry, and minted again
// when the service clock was set back past the one cached (SSE and intel would refuse it as not yet valid).
import { test } from 'tap'
import { ServiceTokens } from '../../src/clients/service-tokens.ts'

function tokens(start: string) {
  let now = new Date(start)
  const minted: string[] = []
  const service = new ServiceTokens(async (orgId, at) => {
    const token = `${orgId}@${at.toISOString()}`
    minted.push(token)
    return token
  }, { serviceNow: () => now })
  return { service, minted, set: (iso: string) => { now = new Date(iso) } }
}

test('a token is reused while it is valid, per org, and minted again a minute before it expires', async (t) => {
  const { service, minted, set } = tokens('2026-03-02T10:00:00.000Z')
  const first = await service.tokenFor('org-a')
  set('2026-03-02T10:05:00.000Z')
  t.equal(await service.tokenFor('org-a'), first, 'reused')
  t.not(await service.tokenFor('org-b'), first, 'another org has its own')
  set('2026-03-02T10:09:30.000Z')
  t.equal(await service.tokenFor('org-a'), 'org-a@2026-03-02T10:09:30.000Z', 'within a minute of expiry, a new one')
  t.equal(minted.length, 3)
})

test('a clock set back past the cached token mints a new one', async (t) => {
  const { service, set } = tokens('2026-03-02T10:10:00.000Z')
  await service.tokenFor('org-a')
  set('2026-03-02T10:00:00.000Z')
  t.equal(await service.tokenFor('org-a'), 'org-a@2026-03-02T10:00:00.000Z', 'not the one issued in what is now the future')
})

test('forget drops an org\'s token, or every one', async (t) => {
  const { service, minted } = tokens('2026-03-02T10:00:00.000Z')
  await service.tokenFor('org-a')
  await service.tokenFor('org-b')
  service.forget('org-a')
  await service.tokenFor('org-a')
  await service.tokenFor('org-b')
  t.equal(minted.length, 3, 'org-a minted again, org-b reused')
  service.forget()
  await service.tokenFor('org-b')
  t.equal(minted.length, 4)
})
