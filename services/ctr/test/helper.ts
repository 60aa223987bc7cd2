// Builds CTR exactly as server.ts does (buildCtrApp) on a fresh migrated database, with a clock frozen at a known
// instant, closed on teardown. Each test makes its own org through /__mock/orgs.
import { loadConfig, type ServiceApp } from '@ctrmock/kit'
import { createTestDatabase, type TeardownHost } from '@ctrmock/kit/testing'
import { buildCtrApp } from '../src/app.ts'
import { CtrEnv } from '../src/config.ts'

export const T0 = new Date('2026-03-02T10:00:00.000Z')

export async function buildTestApp(t: TeardownHost, env: Record<string, string> = {}): Promise<ServiceApp> {
  const { url, prisma } = await createTestDatabase(t)
  const config = loadConfig(CtrEnv, { DATABASE_URL: url, LOG_LEVEL: 'silent', ...env })
  const app = await buildCtrApp(config, { prisma, logger: false })
  t.teardown(() => app.close())
  app.clock.set({ offsetMs: 0, frozenAt: T0 })
  return app
}

export interface TestOrg {
  orgId: string
  orgName: string
  clientId: string
  clientPassword: string
  scopes: string[]
}

export async function createOrg(app: ServiceApp, input: Record<string, unknown> = {}): Promise<TestOrg> {
  const res = await app.inject({ method: 'POST', url: '/__mock/orgs', payload: input })
  if (res.statusCode !== 201) throw new Error(`createOrg: ${res.statusCode} ${res.body}`)
  return res.json()
}

export function basic(clientId: string, password: string): string {
  return `Basic ${Buffer.from(`${clientId}:${password}`).toString('base64')}`
}

export async function accessToken(app: ServiceApp, org: Pick<TestOrg, 'clientId' | 'clientPassword'>, scope?: string): Promise<string> {
  const res = await app.inject({
    method: 'POST', url: '/iroh/oauth2/token',
    headers: { authorization: basic(org.clientId, org.clientPassword), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    payload: `grant_type=client_credentials${scope ? `&scope=${encodeURIComponent(scope)}` : ''}`,
  })
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`)
  return res.json().access_token
}

/** An org and a bearer header for it (all scopes unless narrowed). */
export async function orgWithToken(app: ServiceApp, input: Record<string, unknown> = {}): Promise<TestOrg & { auth: { authorization: string } }> {
  const org = await createOrg(app, input)
  return { ...org, auth: { authorization: `Bearer ${await accessToken(app, org)}` } }
}
