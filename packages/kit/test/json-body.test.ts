// JSON bodies go through kit's parser (the NUL guard in front of Fastify's own): a BOM, escapes and a harmless
// `constructor` key are accepted; prototype poisoning, written plainly or escaped, is refused in the service's shape.
import t from 'tap'
import { buildTinyService } from './control-plane/helper.ts'

t.test('JSON bodies are parsed, or refused with a 400 in the vendor shape, whichever way they are written', async (t) => {
  const app = await buildTinyService(t)
  app.post('/echo', async (request) => ({ body: request.body }))
  app.post('/needs-body', { schema: { body: { type: 'object' } } }, async () => ({ ok: true }))
  const post = async (payload: string) => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload })
    return { status: res.statusCode, body: res.json() }
  }

  t.same(await post('{"content":"see 1.2.3.4","n":[1,2]}'), { status: 200, body: { body: { content: 'see 1.2.3.4', n: [1, 2] } } })
  t.same(await post('\ufeff{"a":1}'), { status: 200, body: { body: { a: 1 } } }, 'a BOM is stripped')
  t.same(await post('{"a":"caf\\u00e9 \\"b\\""}'), { status: 200, body: { body: { a: 'café "b"' } } }, 'escapes')
  t.same(await post('{"constructor":"x"}'), { status: 200, body: { body: { constructor: 'x' } } }, 'a constructor key without a prototype')
  t.same(await post('"text"'), { status: 200, body: { body: 'text' } }, 'a JSON string')
  t.same(await post(''), { status: 200, body: {} }, 'an empty body with a JSON Content-Type is no body, as Cisco\'s APIs take it')
  const needy = await app.inject({ method: 'POST', url: '/needs-body', headers: { 'content-type': 'application/json' }, payload: '' })
  t.equal(needy.statusCode, 400, 'a route that needs a body refuses an empty one')
  t.match(needy.json(), { error: String, error_description: /body/ }, 'in the vendor shape')

  for (const [name, payload] of [
    ['__proto__', '{"__proto__":{"polluted":true}}'],
    ['escaped __proto__', '{"\\u005f_proto__":{"polluted":true}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}}}'],
    ['escaped constructor.prototype', '{"c\\u006fnstructor":{"prototype":{"polluted":true}}}'],
    ['malformed', '{"a":'],
    ['escaped NUL', '{"a":"\\u0000"}'],
  ]) {
    const { status, body } = await post(payload!)
    t.equal(status, 400, name)
    t.equal(typeof body.error, 'string', `${name}: IROH error shape`)
    t.equal(typeof body.error_description, 'string', `${name}: IROH error shape`)
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype was polluted')
})
