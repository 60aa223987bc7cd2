// The compose file and the code must agree: healthchecks everywhere, only env vars the code reads,
// the same ports as the embedded stack.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { parse } from 'yaml'
import { CtrEnv } from '@ctrmock/ctr/config'
import { SseEnv } from '@ctrmock/sse/config'
import { EsaEnv } from '@ctrmock/esa/config'
import { IntelEnv } from '@ctrmock/intel/config'
import { DEFAULT_PORTS } from '@ctrmock/cli'

interface ComposeService {
  environment?: Record<string, string>
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }>
  ports?: string[]
}
const root = fileURLToPath(new URL('../../', import.meta.url))
// `merge`: the services share their build, healthcheck and depends_on through a `<<: *service` merge key.
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService & { image?: string; build?: unknown }>
}
const READ_BY = { ctr: CtrEnv, sse: SseEnv, esa: EsaEnv, intel: IntelEnv }
// Read by the entrypoint, the runtime or the image rather than a service's config schema.
const RUNTIME_ENV = new Set(['CTRMOCK_SERVICE', 'NODE_ENV'])

t.test('every service has a healthcheck and waits for healthy dependencies', async (t) => {
  for (const [name, service] of Object.entries(compose.services)) {
    t.ok(service.healthcheck?.test?.length, `${name} has a healthcheck`)
    for (const [dep, condition] of Object.entries(service.depends_on ?? {})) {
      t.equal(condition.condition, 'service_healthy', `${name} waits for ${dep} to be healthy`)
      t.ok(compose.services[dep], `${name} depends on a defined service ${dep}`)
    }
  }
})

t.test('every env var a service sets is one its code reads', async (t) => {
  for (const [name, service] of Object.entries(compose.services)) {
    if (name === 'postgres') continue
    const kind = service.environment?.CTRMOCK_SERVICE as keyof typeof READ_BY
    t.ok(READ_BY[kind], `${name} names its service`)
    const known = new Set([...Object.keys(READ_BY[kind].properties), ...RUNTIME_ENV])
    for (const key of Object.keys(service.environment ?? {})) t.ok(known.has(key), `${name}: ${key} is read by the ${kind} service`)
  }
})

t.test('published ports are the embedded defaults, on loopback only', async (t) => {
  const expected: Record<string, number[]> = {
    ctr: [DEFAULT_PORTS.ctr], 'ctr-eu': [DEFAULT_PORTS['ctr-eu']], 'sse-americas': [DEFAULT_PORTS['sse-americas']],
    'sse-europe': [DEFAULT_PORTS['sse-europe']], esa: [DEFAULT_PORTS.esa, DEFAULT_PORTS.smtp], postgres: [DEFAULT_PORTS.postgres],
    intel: [DEFAULT_PORTS.intel], 'intel-eu': [DEFAULT_PORTS['intel-eu']],
  }
  t.same(Object.keys(compose.services).sort(), Object.keys(expected).sort())
  for (const [name, ports] of Object.entries(expected)) {
    const published = (compose.services[name]!.ports ?? []).map((p) => p.split(':'))
    t.ok(published.every((p) => p[0] === '127.0.0.1'), `${name} publishes on 127.0.0.1`)
    t.same(published.map((p) => Number(p[1])), ports, `${name} publishes ${ports.join(', ')}`)
    const env = compose.services[name]!.environment ?? {}
    if (env.PORT) t.equal(Number(env.PORT), ports[0], `${name} listens where it publishes`)
  }
})

// The compose implementation itself is the judge of the file: unknown keys, broken anchors, undefined services or
// variables fail here in a second, without an engine. Compose v1 (`docker-compose`) or v2 (`docker compose`).
function composeCommand(): string[] | undefined {
  for (const command of [['docker-compose'], ['docker', 'compose']]) {
    const probe = spawnSync(command[0]!, [...command.slice(1), 'version'], { stdio: 'ignore' })
    if (!probe.error && probe.status === 0) return command
  }
  return undefined
}
const composeCli = composeCommand()

t.test('docker compose accepts the file (config -q)', {
  skip: composeCli ? false : 'neither docker-compose nor docker compose is installed (CI machines have only Node and npm; pnpm test:compose installs it)',
}, async (t) => {
  const [command, ...args] = composeCli!
  const result = spawnSync(command!, [...args, '-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, encoding: 'utf8' })
  t.equal(result.status, 0, `${composeCli!.join(' ')} config -q: ${result.stderr.trim() || 'ok'}`)
})

t.test('the compose test builds a stand-in for every base image the stack names', async (t) => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8')
  const runScript = readFileSync(path.join(root, 'test/compose/run.sh'), 'utf8')
  const baseImage = /^ARG BASE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1]
  t.equal(baseImage, 'node:20-bookworm-slim', 'the Dockerfile defaults to the Node 20 slim image')
  const pulled = Object.values(compose.services).filter((s) => !s.build).map((s) => s.image!)
  for (const image of [baseImage!, ...pulled]) t.match(runScript, `-t ${image} `, `run.sh tags a local ${image}`)
  const built = new Set(Object.values(compose.services).filter((s) => s.build).map((s) => s.image))
  t.same([...built], ['ctrmock:local'], 'every service runs the one image built from ./Dockerfile')
})
