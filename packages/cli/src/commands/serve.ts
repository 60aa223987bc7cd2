// `ctrmock serve [ctr|sse|esa|intel]`: one service instance configured by env (the container entrypoint).
const SERVERS = {
  ctr: () => import('@ctrmock/ctr/server'),
  sse: () => import('@ctrmock/sse/server'),
  esa: () => import('@ctrmock/esa/server'),
  intel: () => import('@ctrmock/intel/server'),
} as const

export async function serve(service = process.env.CTRMOCK_SERVICE): Promise<void> {
  if (!service || !(service in SERVERS)) {
    throw new Error(`set CTRMOCK_SERVICE (or pass a service) to one of: ${Object.keys(SERVERS).join(', ')}`)
  }
  await SERVERS[service as keyof typeof SERVERS]()
}
