// The answers enrich and response build from module outcomes, given plain values, and what a sighting ref names.
import { test } from 'tap'
import { reputationAnswer, singleHealth, triggerResult } from '../../src/domain/enrich.ts'
import { sightingRefKey } from '../../src/domain/sighting-observables.ts'

const ref = { name: 'Intel', instanceId: 'i1', typeId: 't1' }
const verdict = (value: string, disposition: number) => ({
  type: 'verdict', observable: { type: 'ip', value }, disposition, disposition_name: disposition === 2 ? 'Malicious' : 'Clean',
  valid_time: { start_time: '2026-01-01T00:00:00.000Z', end_time: '2525-01-01T00:00:00.000Z' },
})

test('a reputation is the best verdict for exactly the observable asked', async (t) => {
  const outcomes = [
    { module: ref, data: { verdicts: { count: 2, docs: [verdict('1.2.3.4', 2), verdict('5.6.7.8', 1)] } }, errors: [] },
    { module: { ...ref, name: 'Down', instanceId: 'i2' }, errors: [{ type: 'fatal' as const, code: 'request timeout', message: 'slow' }] },
  ]
  const answer = reputationAnswer(outcomes, { type: 'ip', value: '1.2.3.4' })
  t.match(answer.data.reputation, { observable: { value: '1.2.3.4' }, disposition: 2 })
  t.equal(answer.data.data.length, 1)
  t.match(answer.data.errors, [{ module: 'Down', code: 'request timeout' }])
  t.notOk('reputation' in reputationAnswer(outcomes, { type: 'ip', value: '9.9.9.9' }).data)
})

test('a module without a health API has unknown health; a failing one is in error', async (t) => {
  t.same(singleHealth(ref, undefined).data.data, { status: 'unknown' })
  const failing = singleHealth(ref, { module: ref, errors: [{ type: 'fatal', code: 'device-unavailable', message: 'down' }] })
  t.same(failing.data.data, { status: 'error' })
  t.match(failing.errors, [{ module: 'Intel', module_instance_id: 'i1', code: 'device-unavailable' }])
})

test('a trigger succeeds only when the module says so; without actions it fails', async (t) => {
  t.same(triggerResult(ref, { module: ref, data: { status: 'success' }, errors: [] }), { data: { status: 'success' } })
  t.same(triggerResult(ref, { module: ref, data: { status: 'queued' }, errors: [] }), { data: { status: 'failure' } })
  t.match(triggerResult(ref, undefined), { data: { status: 'failure' }, errors: [{ code: 'invalid argument', message: 'Intel has no response actions' }] })
})

test('a sighting ref is a sighting\'s id or short id, nothing else', async (t) => {
  t.equal(sightingRefKey('https://private.intel.amp.cisco.com:443/ctia/sighting/sighting-7f3a'), 'sighting-7f3a')
  t.equal(sightingRefKey(' sighting-7f3a\n'), 'sighting-7f3a', 'surrounding blanks are not part of it')
  for (const ref of ['', 'transient:sighting-1', 'judgement-1', 'https://x.example/ctia/judgement/judgement-1', 'https://x.example/ctia/sighting/', 'sighting-a/b', `sighting-${'a'.repeat(201)}`]) {
    t.equal(sightingRefKey(ref), undefined, `${JSON.stringify(ref.slice(0, 40))} names no sighting`)
  }
})
