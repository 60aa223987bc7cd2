// `@ctrmock/client/testcontainers`: the all-in-one ctrmock image (embedded Postgres and every service in one
// container) started with Testcontainers for Node, ready on every service, reached through a Cloud.
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers'
import { Cloud, DEFAULT_URLS, type CloudUrls } from './cloud.ts'

/** The ports the image's services listen on inside the container: the documented defaults. */
export const CONTAINER_PORTS = {
  ctr: Number(new URL(DEFAULT_URLS.ctr).port),
  ctrEu: Number(new URL(DEFAULT_URLS.ctrEu).port),
  sseAmericas: Number(new URL(DEFAULT_URLS.sseAmericas).port),
  sseEurope: Number(new URL(DEFAULT_URLS.sseEurope).port),
  esa: Number(new URL(DEFAULT_URLS.esa).port),
  intel: Number(new URL(DEFAULT_URLS.intel!).port),
  intelEu: Number(new URL(DEFAULT_URLS.intelEu!).port),
  smtp: DEFAULT_URLS.smtpPort,
} as const

/** What `docker build --target all-in-one -t ctrmock:all-in-one .` tags; CTRMOCK_IMAGE overrides it. */
export const DEFAULT_IMAGE = 'ctrmock:all-in-one'

export interface CtrmockContainerOptions {
  /** The all-in-one image; CTRMOCK_IMAGE, else ctrmock:all-in-one. */
  image?: string
  /** Extra env for every service in the container (LOG_LEVEL, CLOUD_BUSY_SECONDS, ...). */
  env?: Record<string, string>
  /** How long the container may take to answer ready on every service (default 120 s). */
  startupTimeoutMs?: number
}

export interface StartedCtrmockContainer {
  /** The base URLs on the host's mapped ports. */
  urls: CloudUrls
  cloud: Cloud
  container: StartedTestContainer
  stop(): Promise<void>
}

const HTTP_PORTS = [
  CONTAINER_PORTS.ctr, CONTAINER_PORTS.ctrEu, CONTAINER_PORTS.sseAmericas, CONTAINER_PORTS.sseEurope, CONTAINER_PORTS.esa,
  CONTAINER_PORTS.intel, CONTAINER_PORTS.intelEu,
]

export async function startCtrmockContainer(options: CtrmockContainerOptions = {}): Promise<StartedCtrmockContainer> {
  const image = options.image ?? process.env.CTRMOCK_IMAGE ?? DEFAULT_IMAGE
  const container = await new GenericContainer(image)
    .withExposedPorts(...HTTP_PORTS, CONTAINER_PORTS.smtp)
    .withEnvironment(options.env ?? {})
    .withWaitStrategy(Wait.forAll(HTTP_PORTS.map((port) => Wait.forHttp('/__mock/ready', port).forStatusCode(200))))
    .withStartupTimeout(options.startupTimeoutMs ?? 120_000)
    .start()
  const host = container.getHost()
  const url = (port: number): string => `http://${host}:${container.getMappedPort(port)}`
  const urls: CloudUrls = {
    ctr: url(CONTAINER_PORTS.ctr),
    ctrEu: url(CONTAINER_PORTS.ctrEu),
    sseAmericas: url(CONTAINER_PORTS.sseAmericas),
    sseEurope: url(CONTAINER_PORTS.sseEurope),
    esa: url(CONTAINER_PORTS.esa),
    intel: url(CONTAINER_PORTS.intel),
    intelEu: url(CONTAINER_PORTS.intelEu),
    smtpPort: container.getMappedPort(CONTAINER_PORTS.smtp),
  }
  return {
    urls,
    cloud: new Cloud(urls),
    container,
    stop: async () => { await container.stop() },
  }
}
