// Every SSE route is documented in /documentation, and answers bad input with a 4xx in the IROH error shape.
import t from 'tap'
import { buildTestApp, newOrg } from '../helper.ts'

const sse = await buildTestApp(t)

const SSE_ROUTES = [
  'POST /api/v1/registration-tokens',
  'GET /api/v1/registration-tokens',
  'GET /api/v1/registration-tokens/download',
  'DELETE /api/v1/registration-tokens/{token}',
  'GET /api/v1/devices',
  'GET /api/v1/devices/{deviceId}',
  'PATCH /api/v1/devices/{deviceId}',
  'DELETE /api/v1/devices/{deviceId}',
  'GET /api/v1/cloud-services',
  'PUT /api/v1/cloud-services/threat-response',
  'GET /api/v1/events',
  'GET /api/v1/audit-log',
  'GET /api/v1/threat-response/devices',
  'POST /api/v1/devices/{deviceId}/proxy',
  'POST /device/v1/registrations',
  'POST /device/v1/heartbeat',
  'POST /device/v1/events',
  'DELETE /device/v1/registration',
]

t.test('every route appears in /documentation with its responses', async (t) => {
  const res = await sse.app.inject('/documentation/json')
  t.equal(res.statusCode, 200)
  const spec = res.json()
  const documented = Object.entries(spec.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })))
    .filter(({ route }) => !route.includes('/__mock/'))
  t.same(documented.map((d) => d.route).sort(), [...SSE_ROUTES].sort(), 'exactly the SSE routes (besides the control plane)')
  for (const { route, op } of documented) {
    t.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${route} documents its success`)
    t.ok(Object.keys(op.responses).some((s) => s.startsWith('4')), `${route} documents its errors`)
  }
})

t.test('malformed input on any route is a 4xx in the IROH shape, never a 500', async (t) => {
  const admin = sse.admin(newOrg())
  const requests: Array<{ method: string; url: string; payload?: string; headers?: Record<string, string> }> = []
  for (const route of SSE_ROUTES) {
    const [method, path] = route.split(' ') as [string, string]
    const url = path.replace('{token}', '%E2%9C%93%20..%2F..').replace('{deviceId}', '..%2F..%2Fetc')
    for (const payload of ['{"broken json', '[]', '"x"', 'null', JSON.stringify({ count: 'x'.repeat(5000) })]) {
      requests.push({ method, url: `${url}?limit=-5&status=x`, payload, headers: { ...admin, 'content-type': 'application/json' } })
      requests.push({ method, url, payload, headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' } })
    }
    requests.push({ method, url, payload: 'count=1', headers: { ...admin, 'content-type': 'text/csv' } })
    // NUL characters cannot be stored in Postgres text: refused as input, never a failed query.
    const nulBody = JSON.stringify({ token: 'a\u0000', count: 1, expiration: '1h', description: '\u0000', enabled: true, method: 'GET', path: '/\u0000', type: 'x', message: 'y' })
    requests.push({ method, url: `${path.replace('{token}', '%00').replace('{deviceId}', '%00')}?search=%00&batchId=%00`, payload: nulBody, headers: { ...admin, 'content-type': 'application/json' } })
  }
  for (const r of requests) {
    const res = await sse.app.inject({ method: r.method as 'GET', url: r.url, payload: r.payload, headers: r.headers })
    t.ok((res.statusCode >= 400 && res.statusCode < 500) || res.statusCode === 200, `${r.method} ${r.url}: ${res.statusCode}`)
    if (res.statusCode >= 400) t.match(res.json(), { error: String, error_description: String }, `${r.method} ${r.url}`)
  }
})
