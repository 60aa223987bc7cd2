// Ports for tests that pick a port, let it go, and bind it (or bind it again) later.
import { createServer } from 'node:net'

/** The test files that bind ports they picked a moment earlier, each with a band of ports of its own. */
const BAND_NAMES = ['esa-registration-retry', 'postgres-restart', 'crash-restart', 'lifecycle-signals', 'lifecycle-ownership', 'lifecycle-disk-full', 'embedded-postgres'] as const
export type PortBand = (typeof BAND_NAMES)[number]
const BAND_WIDTH = 2_000
// The bands lie between 10,000 and Linux's ephemeral range, which starts at 32,768.
const bandStart = (band: PortBand) => 10_000 + BAND_NAMES.indexOf(band) * BAND_WIDTH
// Ports this process handed out already: a start still binding them would not show them as taken.
const handedOut = new Set<number>()

/**
 * Free ports below Linux's ephemeral range: ports picked with port 0 come from that range, where any outgoing
 * connection on this busy host may take one before it is bound (or bound again after a stop). Each test file draws
 * from its own band, and never twice the same port, so tests side by side cannot pick alike.
 */
export async function quietPorts(band: PortBand, count: number): Promise<number[]> {
  const ports: number[] = []
  while (ports.length < count) {
    const port = bandStart(band) + Math.floor(Math.random() * BAND_WIDTH)
    if (!handedOut.has(port) && await bindable(port)) {
      handedOut.add(port)
      ports.push(port)
    }
  }
  return ports
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}
