// A worker thread of the embedded stack: starts the instances it is given (their env comes from the stack), reports
// where they listen, and closes them when told to stop. Its own event loop runs on a core of its own.
import { parentPort, workerData } from 'node:worker_threads'
import type { ServiceApp } from '@ctrmock/kit'
import { startInstance, type ServiceName } from './instances.ts'

export interface WorkerInstance { name: string; service: ServiceName; env: Record<string, string> }
export type WorkerReport =
  | { type: 'started'; instances: Array<{ name: string; region: string; url: string }> }
  | { type: 'failed'; message: string; stack?: string }
  | { type: 'stopped' }

const port = parentPort
if (!port) throw new Error('instance-worker.ts runs as a worker thread of the embedded stack')
const { instances } = workerData as { instances: WorkerInstance[] }
const post = (report: WorkerReport) => port.postMessage(report)

const results = await Promise.allSettled(instances.map((i) => startInstance(i.service, i.env)))
const apps: ServiceApp[] = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.app] : []))
const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
if (failed) {
  await Promise.allSettled(apps.map((app) => app.close()))
  const error = failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason))
  post({ type: 'failed', message: error.message, ...(error.stack ? { stack: error.stack } : {}) })
} else {
  post({
    type: 'started',
    instances: results.map((r, i) => {
      const { app, url } = (r as PromiseFulfilledResult<{ app: ServiceApp; url: string }>).value
      return { name: instances[i]!.name, region: app.region ?? '-', url }
    }),
  })
  port.once('message', async (message) => {
    if (message !== 'stop') return
    await Promise.allSettled(apps.map((app) => app.close()))
    post({ type: 'stopped' })
    port.close()
  })
}
