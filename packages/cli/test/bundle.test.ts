// The build of the CLI, which `npm start`, the image and the bench run: built into a folder of its own, it prints its usage, and `up` starts the
// whole stack from an empty data dir (Postgres binaries, Wasm migrations and Swagger UI files found outside the
// bundle), answers, and stops cleanly on SIGTERM.
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { buildBundle, unresolvedExternals } from '../bundle.mjs'

const cliDir = fileURLToPath(new URL('..', import.meta.url))
// Inside packages/cli, where the packages left out of the bundle resolve (a dist* folder, so git ignores it).
const outdir = mkdtempSync(path.join(cliDir, 'dist-test-'))
t.teardown(() => rmSync(outdir, { recursive: true, force: true }))
const entry = await buildBundle(outdir)

t.test('prints its usage for `up --help`, and exits 2 on an unknown command', async (t) => {
  const help = spawnSync(process.execPath, [entry, 'up', '--help'], { encoding: 'utf8' })
  t.equal(help.status, 0)
  t.match(help.stderr, /^usage: ctrmock <command>/)
  t.match(help.stderr, /\n {2}up +start the embedded stack/)
  const unknown = spawnSync(process.execPath, [entry, 'launch'], { encoding: 'utf8' })
  t.equal(unknown.status, 2)
  t.match(unknown.stderr, /^usage: ctrmock <command>/)
})

t.test('resolves every package it leaves out from its own folder (pino-pretty, which `up` below cannot reach, too)', async (t) => {
  t.same(unresolvedExternals(outdir), [])
})

t.test('`up` starts every service from an empty data dir, answers ready, and stops on SIGTERM', async (t) => {
  // World-readable: as root, the embedded Postgres runs as the postgres user and must reach its data dir.
  const cwd = mkdtempSync(path.join(tmpdir(), 'ctrmock-bundle-'))
  chmodSync(cwd, 0o755)
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }))
  // Port 0 everywhere: each service, the SMTP listener and Postgres take a free port, and the report names them.
  const names = ['CTR_NAM_PORT', 'CTR_EU_PORT', 'SSE_AMERICAS_PORT', 'SSE_EUROPE_PORT', 'ESA_PORT', 'ESA_SMTP_PORT', 'POSTGRES_PORT']
  const env = { ...process.env, ...Object.fromEntries(names.map((name) => [name, '0'])), LOG_LEVEL: 'warn' }

  const child = spawn(process.execPath, [entry, 'up', '--json'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })

  const report = await new Promise<{ readyMs: number; apiClient: { clientId: string; clientPassword: string }; instances: Array<{ service: string; url: string }> }>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => { if (line.startsWith('{')) resolve(JSON.parse(line)) })
    void exited.then((code) => reject(new Error(`ctrmock up exited (${code}) before it was ready:\n${stderr}`)))
  })
  t.same(report.instances.map((i) => i.service), ['ctr', 'ctr-eu', 'sse-americas', 'sse-europe', 'intel', 'intel-eu', 'esa'])
  for (const instance of report.instances) {
    const ready = await fetch(`${instance.url}/__mock/ready`)
    t.equal(ready.status, 200, `${instance.service} is ready`)
    await ready.arrayBuffer()
  }
  const docs = await fetch(`${report.instances[0]!.url}/documentation/static/index.html`)
  t.equal(docs.status, 200, 'Swagger UI serves its files')
  await docs.arrayBuffer()

  // CTR's token (signed with a key from its database) opens SSE, which checks it against CTR's JWKS over HTTP.
  const url = (name: string) => report.instances.find((i) => i.service === name)!.url
  const issued = await fetch(`${url('ctr')}/iroh/oauth2/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${report.apiClient.clientId}:${report.apiClient.clientPassword}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  })
  t.equal(issued.status, 200, 'CTR issues a token to the dev API client')
  const { access_token: token } = await issued.json() as { access_token: string }
  const devices = await fetch(`${url('sse-americas')}/api/v1/threat-response/devices`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(devices.status, 200, 'SSE AMERICAS accepts the CTR NAM token')
  t.same(await devices.json(), { devices: [] })

  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exits 0 on SIGTERM')
  t.notOk(existsSync(path.join(cwd, '.data/postgres/postmaster.pid')), 'the embedded Postgres stopped too')
})
