// `ctrmock up`: the embedded stack in this process, a table of
// what runs where, and a clean stop on Ctrl-C.
import { closeOnSignals } from '@ctrmock/kit'
import { startStack, type Stack } from '../stack.ts'
import { renderTable } from '../table.ts'
import { resolvePorts, tlsOf, urlsOf } from '../start.ts'
import { CtrEnv } from '@ctrmock/ctr/config'

// The stable dev API client every CTR instance creates at start (env overrides it).
const apiClient = {
  clientId: process.env.CTRMOCK_CLIENT_ID ?? CtrEnv.properties.CTRMOCK_CLIENT_ID.default,
  clientPassword: process.env.CTRMOCK_CLIENT_PASSWORD ?? CtrEnv.properties.CTRMOCK_CLIENT_PASSWORD.default,
}

// Variables the stack sets per instance itself; every other variable (LOG_LEVEL, RATE_LIMIT_PER_HOUR,
// CLOUD_BUSY_SECONDS, ...) reaches every service as it would in a container.
const PER_INSTANCE = new Set(['PORT', 'REGION', 'DATABASE_URL', 'PUBLIC_URL', 'REGION_URLS', 'SSE_URL', 'SSE_TRUSTED_JWKS_URL', 'SSE_AMERICAS_URL', 'SSE_EUROPE_URL', 'SMTP_PORT', 'HTTPS_PORT', 'TLS_CERT_FILE', 'TLS_KEY_FILE'])

function serviceEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !PER_INSTANCE.has(e[0])))
}

export interface UpOptions {
  json: boolean
  /** `--ports auto`: every port free (the JSON report names them); otherwise the documented ports. */
  ports?: string
  /** `--data-dir`: the embedded Postgres cluster's folder (default .data/postgres under the working directory). */
  dataDir?: string
  /** `--tls` or CTRMOCK_TLS=1: HTTPS beside HTTP, STARTTLS on SMTP, with the local CA beside the data dir. */
  tls?: boolean
}

export async function up(options: UpOptions): Promise<Stack> {
  if (options.ports !== undefined && options.ports !== 'auto' && options.ports !== 'default') {
    throw new Error(`--ports takes auto or default, not ${options.ports}`)
  }
  const { postgres, ...ports } = resolvePorts(options.ports === 'auto' ? 'auto' : 'default')
  const tls = options.tls || ['1', 'true'].includes(process.env.CTRMOCK_TLS ?? '')
  const stack = await startStack({ env: serviceEnv(process.env), ports, postgresPort: postgres, dataDir: options.dataDir, tls })
  const processReadyMs = Math.round(performance.now())
  const rows = stack.instances.map((i) => ({ service: i.name, region: i.region, url: i.url, ...(i.httpsUrl ? { https: i.httpsUrl } : {}), docs: `${i.url}/documentation` }))
  if (options.json) {
    const report = { urls: urlsOf(stack), ...(stack.tls ? { tls: tlsOf(stack.tls) } : {}), postgresUrl: stack.databaseServerUrl, pid: process.pid, readyMs: processReadyMs, stackReadyMs: stack.readyMs, smtpPort: stack.smtpPort, apiClient, instances: rows }
    console.log(JSON.stringify(report))
  } else {
    console.log(renderTable(rows, stack.tls ? ['service', 'region', 'url', 'https', 'docs'] : ['service', 'region', 'url', 'docs']))
    console.log(`ESA SMTP: 127.0.0.1:${stack.smtpPort}${stack.tls ? ' (STARTTLS)' : ''}   Postgres: ${new URL(stack.databaseServerUrl).host}`)
    if (stack.tls) console.log(`TLS: trust the local CA ${stack.tls.caFile}`)
    console.log(`API client (CTR NAM and EU): ${apiClient.clientId} / ${apiClient.clientPassword}   ESA AsyncOS API: admin / ironport`)
    console.log(`ready in ${(processReadyMs / 1000).toFixed(2)} s from process start (stack ${(stack.readyMs / 1000).toFixed(2)} s) — Ctrl-C to stop`)
  }
  closeOnSignals(() => stack.stop())
  return stack
}
