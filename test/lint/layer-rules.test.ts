// The layer rules in eslint.config.js, each shown to fail on a planted violation and to pass the code it allows.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const IMPORTS = '@typescript-eslint/no-restricted-imports'
const PROPERTIES = 'no-restricted-properties'
const SYNTAX = 'no-restricted-syntax'
const BOUNDARIES = 'ctrmock/service-boundaries'
const LAYER_RULES = new Set([IMPORTS, PROPERTIES, SYNTAX, BOUNDARIES])

const DOMAIN = 'services/ctr/src/domain/planted.ts'
const ROUTE = 'services/sse/src/routes/planted.ts'
const SERVICE = 'services/ctr/src/app-planted.ts'

/** For each case, the layer rules (and any fatal parse error) ESLint reports on its code as the file at its path. */
function lintAll(cases: Array<{ code: string, filePath: string }>): string[][] {
  // Without NODE_OPTIONS the child loads no TypeScript hooks, whichever loader runs this test.
  const { NODE_OPTIONS: _, ...env } = process.env
  const output = execFileSync(process.execPath, [fileURLToPath(new URL('lint-text.mjs', import.meta.url))], {
    input: JSON.stringify(cases), env, encoding: 'utf8',
  })
  return (JSON.parse(output) as string[][]).map((ids) => ids.filter((id) => LAYER_RULES.has(id) || id.startsWith('fatal')))
}

const violations: Array<[string, string, string, string]> = [
  ['domain imports fastify', DOMAIN, "import Fastify from 'fastify'\nexport const app = Fastify()\n", IMPORTS],
  ['domain imports a @fastify plugin', DOMAIN, "import jwt from '@fastify/jwt'\nexport { jwt }\n", IMPORTS],
  ['domain imports Prisma', DOMAIN, "import { PrismaClient } from '@prisma/client'\nexport { PrismaClient }\n", IMPORTS],
  ['domain imports the generated client', DOMAIN, "import { PrismaClient } from '../../../../packages/kit/src/db/generated/client.ts'\nexport { PrismaClient }\n", IMPORTS],
  ["domain imports kit's database", DOMAIN, "import { openDatabase } from '@ctrmock/kit/db'\nexport { openDatabase }\n", IMPORTS],
  ['domain imports a store', DOMAIN, "import { createCtrStore } from '../store/index.ts'\nexport { createCtrStore }\n", IMPORTS],
  ['domain imports undici', DOMAIN, "import { request } from 'undici'\nexport { request }\n", IMPORTS],
  ['domain imports node:https', DOMAIN, "import https from 'node:https'\nexport { https }\n", IMPORTS],
  ["domain imports the service's HTTP clients", DOMAIN, "import { SseClients } from '../clients/sse.ts'\nexport { SseClients }\n", IMPORTS],
  ["domain imports kit's HTTP client", DOMAIN, "import { ServiceClient } from '@ctrmock/kit'\nexport { ServiceClient }\n", IMPORTS],
  ["domain imports kit's system clock", DOMAIN, "import { systemClock } from '@ctrmock/kit'\nexport { systemClock }\n", IMPORTS],
  ["domain imports kit's server entry, even for a type", DOMAIN, "import type { Clock } from '@ctrmock/kit'\nexport type { Clock }\n", IMPORTS],
  ['domain imports randomUUID', DOMAIN, "import { randomUUID } from 'node:crypto'\nexport const id = randomUUID()\n", IMPORTS],
  ['domain imports randomBytes', DOMAIN, "import { randomBytes } from 'node:crypto'\nexport const token = randomBytes(16)\n", IMPORTS],
  ['domain imports randomInt', DOMAIN, "import { randomInt } from 'crypto'\nexport const n = randomInt(6)\n", IMPORTS],
  ['domain imports getRandomValues', DOMAIN, "import { getRandomValues } from 'node:crypto'\nexport const bytes = getRandomValues(new Uint8Array(4))\n", IMPORTS],
  ['domain calls the global crypto.randomUUID', DOMAIN, 'export const id = crypto.randomUUID()\n', PROPERTIES],
  ['domain reads Date.now()', DOMAIN, 'export const now = Date.now()\n', PROPERTIES],
  ['domain reads new Date()', DOMAIN, 'export const now = new Date()\n', SYNTAX],
  ['domain reads Date()', DOMAIN, 'export const now = Date()\n', SYNTAX],
  ['domain reads Math.random()', DOMAIN, 'export const roll = Math.random()\n', PROPERTIES],
  ['a route imports a store', ROUTE, "import { createSseStore } from '../store/index.ts'\nexport { createSseStore }\n", IMPORTS],
  ["a route imports a store's types", ROUTE, "import type { DeviceRecord } from '../store/index.ts'\nexport type { DeviceRecord }\n", IMPORTS],
  ['a service imports another service', SERVICE, "import { buildSseApp } from '@ctrmock/sse'\nexport { buildSseApp }\n", BOUNDARIES],
  ["a service imports another service's subpath", SERVICE, "import { SseEnv } from '@ctrmock/sse/config'\nexport { SseEnv }\n", BOUNDARIES],
  ['a service reaches into another by a relative path', SERVICE, "import { buildSseApp } from '../../sse/src/app.ts'\nexport { buildSseApp }\n", BOUNDARIES],
  ['a service imports the client package', SERVICE, "import { Cloud } from '@ctrmock/client'\nexport { Cloud }\n", BOUNDARIES],
  ['a service test imports another service', 'services/esa/test/planted.test.ts', "export { buildCtrApp } from '@ctrmock/ctr'\n", BOUNDARIES],
  ['kit imports a service', 'packages/kit/src/planted.ts', "export const load = () => import('@ctrmock/esa')\n", BOUNDARIES],
  ['types reaches into a service', 'packages/types/src/planted.ts', "export * from '../../../services/ctr/src/config.ts'\n", BOUNDARIES],
]

const allowed: Array<[string, string, string]> = [
  ['domain hashes, converts a time it is given and takes types from the store', DOMAIN, [
    "import { createHash } from 'node:crypto'",
    "import { DomainError, type Clock } from '@ctrmock/kit/domain'",
    "import type { IdentityStore } from '../store/identity.ts'",
    "import type { SseClients } from '../clients/sse.ts'",
    '',
    'export type Needs = { store: IdentityStore, clock: Clock, sse: SseClients }',
    'export const digest = (s: string) => createHash(\'sha256\').update(s).digest(\'hex\')',
    'export const at = (ms: number) => new Date(ms)',
    'export const failure = new DomainError(\'invalid_request\', \'bad\')',
    '',
  ].join('\n')],
  ['a route uses the domain', ROUTE, "import { registerDevice } from '../domain/device-registration.ts'\nexport { registerDevice }\n"],
  ['a route may read the clock', ROUTE, 'export const now = Date.now()\n'],
  ['a service imports types, kit and its own files', SERVICE, [
    "import { Type } from '@ctrmock/types'",
    "import { buildService } from '@ctrmock/kit'",
    "import { testApp } from '@ctrmock/kit/testing'",
    "import { CtrEnv } from './config.ts'",
    '',
    'export { Type, buildService, testApp, CtrEnv }',
    '',
  ].join('\n')],
  ['the cli hosts every service', 'packages/cli/src/planted.ts', "export const load = () => import('@ctrmock/ctr')\n"],
  ['kit imports types', 'packages/kit/src/planted.ts', "export { Type } from '@ctrmock/types'\n"],
]

const reported = lintAll([...violations, ...allowed].map(([, filePath, code]) => ({ code, filePath })))

violations.forEach(([name, filePath, , rule], i) => {
  t.ok(reported[i]!.includes(rule), `${name}: ${rule} reports ${filePath}`, { found: reported[i] })
})
allowed.forEach(([name, filePath], i) => {
  t.same(reported[violations.length + i], [], `${name}: no layer rule reports ${filePath}`)
})
