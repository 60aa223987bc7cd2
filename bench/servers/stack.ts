// The embedded stack for the load workloads, in a process of its own, configured for benchmarking: free ports, quiet
// logs and CTR's per-org rate limit off (it would turn a throughput run into 429s). It reuses the data dir and the
// databases the cold starts left, so it starts warm.
// argv: <dataDir>. Ports from the env as for `ctrmock up` (CTR_NAM_PORT, ...), else free ones.
// Announces {ready, urls, smtpPort, readyMs, pid}.
import { startStack } from '@ctrmock/cli'
import { announce } from '../lib/processes.ts'

const dataDir = process.argv[2]
if (!dataDir) throw new Error('usage: stack.ts <dataDir>')
const stack = await startStack({
  dataDir,
  ...(process.env.CTR_NAM_PORT ? {} : {
    postgresPort: 0,
    ports: { ctr: 0, 'ctr-eu': 0, 'sse-americas': 0, 'sse-europe': 0, esa: 0, smtp: 0 },
  }),
  env: { LOG_LEVEL: 'error', RATE_LIMIT_PER_HOUR: '0' },
})
announce({ ready: true, urls: stack.urls, smtpPort: stack.smtpPort, readyMs: stack.readyMs, pid: process.pid })
let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  stack.stop().then(() => process.exit(0), () => process.exit(1))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
