import { request } from 'node:http'
import t from 'tap'
import { listen } from '../../src/index.ts'
import { buildTinyService } from '../control-plane/helper.ts'

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/now`, { headers }, (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end()
  })
}

t.test('headers too large for Node are refused in the vendor shape', async (t) => {
  for (const [shape, expected] of [
    ['iroh', { error: 'request_header_fields_too_large', error_description: 'Request headers are too large.' }],
    ['asyncos', { error: { code: '431', message: 'Request headers are too large.' } }],
  ] as const) {
    const app = await buildTinyService(t, { errorShape: shape })
    const url = await listen(app, 0)
    const res = await rawGet(url, { 'x-big': 'h'.repeat(32_000) })
    t.equal(res.status, 431, shape)
    t.match(res.body, expected, shape)
  }
})
