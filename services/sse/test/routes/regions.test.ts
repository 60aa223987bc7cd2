// Two SSE instances, AMERICAS and EUROPE, each with its own database and port, over real HTTP: the tech note's
// "Error de registro debido a un token no válido o caducado" case (a token generated in the wrong cloud).
import t from 'tap'
import { listen } from '@ctrmock/kit'
import { REGISTRATION_FAILED_MESSAGE } from '@ctrmock/types'
import { buildTestApp, facts, newOrg } from '../helper.ts'

t.test('a EUROPE token presented to AMERICAS fails with the exact message, is journaled as unknown, then registers in EUROPE', async (t) => {
  const americas = await buildTestApp(t, { env: { REGION: 'AMERICAS' } })
  const europe = await buildTestApp(t, { env: { REGION: 'EUROPE' } })
  const americasUrl = await listen(americas.app, 0)
  const europeUrl = await listen(europe.app, 0)
  t.not(americasUrl, europeUrl)
  const org = newOrg()
  const json = { 'content-type': 'application/json' }

  const generated = await fetch(`${europeUrl}/api/v1/registration-tokens`, {
    method: 'POST', headers: { ...json, ...europe.admin(org) }, body: JSON.stringify({ count: 1, expiration: '1h' }),
  })
  t.equal(generated.status, 201)
  const token = (await generated.json()).tokens[0].token as string

  const registration = JSON.stringify({ token, device: facts() })
  const wrongCloud = await fetch(`${americasUrl}/device/v1/registrations`, { method: 'POST', headers: json, body: registration })
  t.equal(wrongCloud.status, 401)
  t.same(await wrongCloud.json(), { error: 'invalid_token', error_description: REGISTRATION_FAILED_MESSAGE })

  const journal = await (await fetch(`${americasUrl}/__mock/journal?path=/device/v1/registrations`)).json()
  t.match(journal.entries.at(-1), { method: 'POST', status: 401, region: 'AMERICAS', note: 'unknown token' })

  const rightCloud = await fetch(`${europeUrl}/device/v1/registrations`, { method: 'POST', headers: json, body: registration })
  t.equal(rightCloud.status, 201)
  const device = await rightCloud.json()
  t.equal(device.region, 'EUROPE')

  const europeDevices = await (await fetch(`${europeUrl}/api/v1/devices`, { headers: europe.admin(org) })).json()
  t.same(europeDevices.devices.map((d: { id: string }) => d.id), [device.deviceId])
  const americasDevices = await (await fetch(`${americasUrl}/api/v1/devices`, { headers: americas.admin(org) })).json()
  t.equal(americasDevices.total, 0, 'the device exists only in EUROPE')
})
