// Free ports on loopback, and starts that pick theirs afresh when another process binds one before they do.
import { createServer, type AddressInfo, type Server } from 'node:net'

/** Distinct TCP ports free on loopback a moment ago: every probe stays bound until all are chosen. */
export async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => resolve(probe))
  })))
  const ports = probes.map((probe) => (probe.address() as AddressInfo).port)
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))))
  return ports
}

/**
 * Runs `start`, which picks its free ports on each run, again while it fails because one of them was bound by another
 * process between the pick and the bind; `picks` runs at most.
 */
export async function withFreshPorts<T>(start: (pick: number) => Promise<T>, portTaken: (error: unknown) => boolean, picks = 3): Promise<T> {
  for (let pick = 1; ; pick++) {
    try {
      return await start(pick)
    } catch (error) {
      if (pick >= picks || !portTaken(error)) throw error
    }
  }
}
