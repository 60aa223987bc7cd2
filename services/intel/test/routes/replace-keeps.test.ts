// A PUT keeps what CTIA's realize keeps from the entity it replaces when the body says nothing: the tlp and each bound
// of valid_time; the timestamp is the body's, or now.
import t from 'tap'
import { buildTestApp, create, newOrg, shortId, T0 } from '../helper.ts'

t.test('a PUT without tlp or valid_time keeps the old ones; its timestamp is now', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const indicator = await create(intel, org, 'indicator', {
    producer: 'ctrmock', title: 'C2', tlp: 'amber', timestamp: '2026-01-01T00:00:00.000Z',
    valid_time: { start_time: '2026-02-01T00:00:00.000Z', end_time: '2026-12-01T00:00:00.000Z' },
  })
  const url = `/ctia/indicator/${shortId(indicator.id)}`
  const put = await intel.app.inject({ method: 'PUT', url, headers: intel.auth(org), payload: { producer: 'ctrmock', title: 'C2 (renamed)', valid_time: { end_time: '2027-01-01T00:00:00.000Z' } } })
  t.equal(put.statusCode, 200, put.body.slice(0, 300))
  t.match(put.json(), {
    title: 'C2 (renamed)', tlp: 'amber', timestamp: T0,
    valid_time: { start_time: '2026-02-01T00:00:00.000Z', end_time: '2027-01-01T00:00:00.000Z' },
  }, 'tlp and the start kept, the end as sent, the timestamp now')
  const green = await intel.app.inject({ method: 'PUT', url, headers: intel.auth(org), payload: { producer: 'ctrmock', title: 'C2', tlp: 'green' } })
  t.equal(green.json().tlp, 'green', 'a tlp the body gives wins')
})
