// `pnpm bench --running`: a deployment that is already up (`docker compose up`, another `npm start`), reached by its
// base URLs. The bench neither starts nor stops it; it reads the RSS and CPU of the local processes behind the URLs
// (none for a container's).
import { Cloud, type CloudUrls } from '@ctrmock/client'
import type { Deployment } from './report.ts'
import type { LoadPlan } from './load.ts'
import { listenersOf } from './listeners.ts'
import { rssMb } from './memory.ts'

const CONTAINER_ENGINE = /^(docker|containerd|rootlesskit|slirp4netns|pasta|podman|conmon)/
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0', '[::]'])

/** Waits until every service at `urls` is ready, then finds the processes listening on their ports. */
export async function deploymentAt(urls: CloudUrls, readyTimeoutMs = 15_000): Promise<Deployment> {
  const cloud = new Cloud(urls)
  try {
    await cloud.waitReady(readyTimeoutMs)
  } catch (error) {
    const where = Object.entries(cloud.controlPlanes).map(([name, client]) => `${name} ${client.baseUrl}`).join(', ')
    throw new Error(`no ready ctrmock at ${where} (${error instanceof Error ? error.message : String(error)}). Start one `
      + '(npm start, docker compose up) or name its base URLs with --ctr-url ... or CTRMOCK_CTR_URL ...', { cause: error })
  }
  const services = new Map<number, string[]>()
  for (const [name, client] of Object.entries(cloud.controlPlanes)) {
    const url = new URL(client.baseUrl)
    if (!LOCAL_HOSTS.has(url.hostname)) continue
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
    services.set(port, [...(services.get(port) ?? []), name])
  }
  const byPid = new Map<number, Deployment['processes'][number]>()
  // A port a container publishes is held on the host by docker-proxy (or dockerd itself, without the userland proxy),
  // not by the service's own process.
  for (const listener of listenersOf([...services.keys()]).filter((l) => !CONTAINER_ENGINE.test(l.command))) {
    const known = byPid.get(listener.pid) ?? { pid: listener.pid, command: listener.command, services: [] }
    known.services.push(...services.get(listener.port)!)
    byPid.set(listener.pid, known)
  }
  const processes = [...byPid.values()].map((p) => ({ ...p, rssMb: rssMb(p.pid) }))
  return { urls, processes }
}

/** A throughput run against a CTR that limits each org's requests an hour would measure 429s: one request of the
 *  plan first, and a clear error when CTR announces a limit (X-Ratelimit-Org-Limit). Single-use plans are left alone:
 *  their bodies are spent once. */
export async function probeRateLimit(plan: LoadPlan): Promise<void> {
  if (plan.singleUse) return
  const body = plan.body ?? plan.bodies?.[0]
  const response = await fetch(plan.url, { method: plan.method, headers: plan.headers ?? {}, ...(body !== undefined ? { body } : {}) })
  await response.arrayBuffer()
  const limit = Number(response.headers.get('x-ratelimit-org-limit') ?? 0)
  if (limit > 0 || response.status === 429) {
    throw new Error(`CTR limits each org to ${limit ? limit.toLocaleString('en-US') : 'a number of'} requests an hour (HTTP ${response.status}); `
      + 'start it with RATE_LIMIT_PER_HOUR=0 to measure its throughput')
  }
}
