// Hostile input answers 4xx in the IROH shape, never 500.
import { test } from 'tap'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'
import { buildTestApp, orgWithToken } from '../helper.ts'

test('bad input never answers 500', async (t) => {
  const app = await buildTestApp(t)
  const org = await orgWithToken(app)
  const INTEL = builtinModuleTypeId('mock-intel', 'NAM')
  const requests: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'; url: string; payload?: unknown; auth?: boolean; headers?: Record<string, string> }> = [
    { method: 'GET', url: '/iroh/iroh-int/module-instance/%00' },
    { method: 'GET', url: '/iroh/iroh-int/module-instance/..%2F..%2Fetc%2Fpasswd' },
    { method: 'GET', url: `/iroh/iroh-int/module-instance/${'é'.repeat(150)}` },
    { method: 'DELETE', url: '/iroh/iroh-int/module-type/%00x' },
    { method: 'POST', url: '/iroh/iroh-int/module-instance', payload: { name: 'a\u0000b', module_type_id: INTEL, visibility: 'org' } },
    { method: 'POST', url: '/iroh/iroh-int/module-instance', payload: { name: 'x', module_type_id: INTEL, visibility: 'org', settings: { judgements: 'ip:1.2.3.4=\u0000' } } },
    { method: 'POST', url: '/iroh/iroh-int/module-instance', payload: { name: 'x', module_type_id: INTEL, visibility: 'org', settings: { a: { b: { c: { d: 1 } } } } } },
    { method: 'POST', url: '/iroh/iroh-int/module-instance', payload: { name: 'x', module_type_id: INTEL, visibility: 'org', settings: { judgements: 'bogus:x=Malicious' } } },
    { method: 'GET', url: '/iroh/iroh-int/module-instance?query=%00' },
    { method: 'GET', url: '/iroh/iroh-int/module-instance?offset=99999999999999999999' },
    { method: 'POST', url: '/iroh/iroh-enrich/observe/observables?mids=%00', payload: [{ type: 'ip', value: '1.2.3.4' }] },
    { method: 'POST', url: '/iroh/iroh-enrich/observe/observables', payload: [{ type: 'ip', value: '\u0000' }] },
    { method: 'POST', url: '/iroh/iroh-inspect/inspect', payload: { content: '\u0000' } },
    { method: 'POST', url: '/iroh/iroh-inspect/inspect', payload: 'x'.repeat(2_000_000), headers: { 'content-type': 'application/json' } },
    { method: 'POST', url: '/iroh/oauth2/token', payload: { grant_type: 'client_credentials', client_id: 'client-\u0000', client_secret: 'x' }, auth: false },
    { method: 'POST', url: '/iroh/oauth2/token', payload: 'grant_type=client_credentials', auth: false, headers: { authorization: 'Basic %%%', 'content-type': 'application/x-www-form-urlencoded' } },
    { method: 'POST', url: '/__mock/orgs', payload: { name: 'a\u0000' }, auth: false },
    { method: 'POST', url: '/__mock/orgs', payload: { scopes: ['../admin'] }, auth: false },
    { method: 'PATCH', url: '/iroh/profile/org', payload: { name: 'x' } },
    { method: 'POST', url: '/iroh/profile/org', payload: { name: '\u0000' } },
    { method: 'POST', url: '/iroh/iroh-response/respond/trigger/%00/x' },
    { method: 'GET', url: '/iroh/iroh-enrich/reputation/observable?type=ip' },
  ]
  for (const r of requests) {
    const res = await app.inject({ method: r.method, url: r.url, headers: { ...(r.auth === false ? {} : org.auth), ...r.headers }, ...(r.payload !== undefined ? { payload: r.payload as object } : {}) })
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${r.method} ${r.url.slice(0, 60)} → ${res.statusCode} ${res.body.slice(0, 120)}`)
    const body = res.json()
    t.ok(typeof body.error === 'string' || typeof body.errors === 'object' || typeof body.content === 'string', 'vendor-shaped body')
  }
})
