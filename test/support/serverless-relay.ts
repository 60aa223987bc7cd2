// A relay module as Cisco's template (tr-05-serverless-relay v2.0.2) answers, for driving CTR against real relay
// behaviour: Bearer JWT (HS256 over the module's secret, payload with `key`), auth and argument failures as HTTP 200
// {errors: [...]}, everything under POST, and an unhandled exception as that HTTP status with {code, message, reason}
// and no envelope (the template's Flask error handler). Each route, the dashboard's `/tiles*` too, answers the
// template's empty data until a test gives it a handler.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type RelayRoute = '/health' | '/observe/observables' | '/deliberate/observables' | '/refer/observables' | '/respond/observables' | '/respond/trigger'
  | '/tiles' | '/tiles/tile' | '/tiles/tile-data'

/** What a handler may answer: data (wrapped in {data}), or the exact body and status to send. */
export type RelayReply = { data: unknown, errors?: unknown[] } | { status?: number, raw: string, contentType?: string }
export type RelayHandler = (body: unknown) => RelayReply

/** Thrown by a handler to play an exception the template does not handle (HTTP status + {code, message, reason}). */
export class RelayCrash extends Error {
  constructor(readonly reason = 'builtins.KeyError', readonly code = 500, readonly description = 'Something went wrong.') {
    super(reason)
  }
}

export interface RelayCall { path: string, authorization?: string, body: unknown }

export interface ServerlessRelay {
  url: string
  calls: RelayCall[]
  /** The Authorization header CTR must send: `Bearer <JWT>` signed with the relay's secret. */
  authorization: string
  on(route: RelayRoute, handler: RelayHandler): void
  close(): Promise<void>
}

const DEFAULTS: Record<RelayRoute, unknown> = {
  '/health': { status: 'ok' },
  '/observe/observables': {},
  '/deliberate/observables': {},
  '/refer/observables': [],
  '/respond/observables': [],
  '/respond/trigger': { status: 'success' },
  '/tiles': [],
  '/tiles/tile': {},
  '/tiles/tile-data': {},
}

/** DashboardTileSchema / DashboardTileDataSchema: required non-blank strings, any other key unknown (api/schemas.py). */
function dashboardProblem(fields: string[], body: unknown): string | undefined {
  const given = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>
  const problems = [
    ...fields.flatMap((f) => given[f] === undefined ? [`'${f}': ['Missing data for required field.']`]
      : typeof given[f] !== 'string' ? [`'${f}': ['Not a valid string.']`] : given[f] === '' ? [`'${f}': ['Field may not be blank.']`] : []),
    ...Object.keys(given).filter((k) => !fields.includes(k)).map((k) => `'${k}': ['Unknown field.']`),
  ]
  return problems.length ? `{${problems.join(', ')}}` : undefined
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url')

/** An HS256 JWT as SecureX signs it for a relay module. */
export function relayJwt(secret: string, payload: Record<string, unknown>): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`
  return `${head}.${b64url(createHmac('sha256', secret).update(head).digest())}`
}

class AuthorizationError extends Error {}

/** api/utils.py get_auth_token + get_jwt, with the template's messages. */
function checkAuthorization(header: string | undefined, secret: string): void {
  if (header === undefined) throw new AuthorizationError('Authorization header is missing')
  const parts = header.split(/\s+/).filter(Boolean)
  if (parts.length !== 2) throw new RelayCrash('builtins.ValueError')
  if (parts[0]!.toLowerCase() !== 'bearer') throw new AuthorizationError('Wrong authorization type')
  const pieces = parts[1]!.split('.')
  if (pieces.length !== 3) throw new AuthorizationError('Wrong JWT structure')
  const expected = createHmac('sha256', secret).update(`${pieces[0]}.${pieces[1]}`).digest()
  const given = Buffer.from(pieces[2]!, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AuthorizationError('Failed to decode JWT with provided key')
  let payload: unknown
  try { payload = JSON.parse(Buffer.from(pieces[1]!, 'base64url').toString()) } catch { throw new AuthorizationError('Wrong JWT structure') }
  if (!payload || typeof payload !== 'object' || !('key' in payload)) throw new AuthorizationError('Wrong JWT payload structure')
}

/** ObservableSchema(many=True) / ActionFormParamsSchema: the template's argument checks, as marshmallow words them. */
function argumentProblem(route: RelayRoute, body: unknown): string | undefined {
  if (route === '/health' || route === '/tiles') return undefined
  if (route === '/tiles/tile') return dashboardProblem(['tile_id'], body)
  if (route === '/tiles/tile-data') return dashboardProblem(['period', 'tile_id'], body)
  if (route === '/respond/trigger') {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return "{'_schema': ['Invalid input type.']}"
    const missing = ['action-id', 'observable_type', 'observable_value'].filter((k) => typeof (body as Record<string, unknown>)[k] !== 'string')
    return missing.length ? `{${missing.map((k) => `'${k}': ['Missing data for required field.']`).join(', ')}}` : undefined
  }
  if (!Array.isArray(body)) return "{'_schema': ['Invalid input type.']}"
  const bad = body.findIndex((o) => !o || typeof o !== 'object' || typeof o.type !== 'string' || typeof o.value !== 'string')
  return bad >= 0 ? `{${bad}: {'value': ['Missing data for required field.']}}` : undefined
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  try { return JSON.parse(Buffer.concat(chunks).toString()) } catch { return null }
}

export async function startServerlessRelay(options: { secret?: string, key?: string } = {}): Promise<ServerlessRelay> {
  const secret = options.secret ?? 'relay-module-secret'
  const handlers = new Map<RelayRoute, RelayHandler>()
  const calls: RelayCall[] = []
  const fatal = (code: string, message: string) => JSON.stringify({ errors: [{ type: 'fatal', code, message }] })

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '') as RelayRoute
      const body = await readBody(req)
      calls.push({ path, authorization: req.headers.authorization, body })
      if (!(path in DEFAULTS)) return send(res, 404, JSON.stringify({ code: 404, message: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.', reason: 'werkzeug.exceptions.NotFound' }))
      if (req.method !== 'POST') return send(res, 405, JSON.stringify({ code: 405, message: 'The method is not allowed for the requested URL.', reason: 'werkzeug.exceptions.MethodNotAllowed' }))
      try {
        checkAuthorization(req.headers.authorization, secret)
        const problem = argumentProblem(path, body)
        if (problem) return send(res, 200, fatal('invalid argument', problem))
        const reply = handlers.get(path)?.(body) ?? { data: DEFAULTS[path] }
        if ('raw' in reply) return send(res, reply.status ?? 200, reply.raw, reply.contentType ?? 'text/html; charset=utf-8')
        return send(res, 200, JSON.stringify(reply))
      } catch (error) {
        if (error instanceof AuthorizationError) return send(res, 200, fatal('authorization error', `Authorization failed: ${error.message}`))
        const crash = error instanceof RelayCrash ? error : new RelayCrash(`builtins.${(error as Error).name}`)
        return send(res, crash.code, JSON.stringify({ code: crash.code, message: crash.description, reason: crash.reason }))
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    authorization: `Bearer ${relayJwt(secret, { key: options.key ?? 'upstream-api-key' })}`,
    on: (route, handler) => { handlers.set(route, handler) },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
