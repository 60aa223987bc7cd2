// The stack's side of an instance worker (instance-worker.ts): starts it, learns where its instances listen, stops
// it. A worker that fails after start takes the stack down with a readable line, as a crashed service would.
import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { InstanceName } from './stack.ts'
import type { WorkerInstance, WorkerReport } from './instance-worker.ts'

/** In the bundle the worker is instance-worker.mjs beside ctrmock.mjs, one folder above the chunk this code lands in.
 *  From source it is the .ts beside this file, behind a bootstrap that registers tsx in the worker (on Node 20,
 *  tsx's --import registers its loader in the main thread only). */
function newWorker(workerData: unknown): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const api = import.meta.resolve('tsx/esm/api')
    const entry = new URL('./instance-worker.ts', import.meta.url).href
    const bootstrap = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}) })`
    return new Worker(bootstrap, { eval: true, workerData })
  }
  const found = ['./instance-worker.mjs', '../instance-worker.mjs'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(u))
  if (!found) throw new Error('instance-worker.mjs is missing from the bundle; rebuild it (node packages/cli/bundle.mjs)')
  return new Worker(found, { workerData })
}

const STOP_TIMEOUT_MS = 10_000

export interface InstanceWorker {
  started: Promise<Array<{ name: InstanceName; region: string; url: string }>>
  stop(): Promise<void>
}

export function startInstanceWorker(instances: Array<WorkerInstance & { name: InstanceName }>): InstanceWorker {
  const names = instances.map((i) => i.name).join(', ')
  const worker = newWorker({ instances })
  let stopping = false
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  const started = new Promise<Array<{ name: InstanceName; region: string; url: string }>>((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    const onExit = (code: number) => reject(new Error(`the thread of ${names} exited (${code}) before it was ready`))
    worker.once('error', onError)
    worker.once('exit', onExit)
    worker.once('message', (report: WorkerReport) => {
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (report.type === 'started') resolve(report.instances as Array<{ name: InstanceName; region: string; url: string }>)
      else reject(Object.assign(new Error(report.type === 'failed' ? report.message : `unexpected report ${report.type}`), report.type === 'failed' && report.stack ? { stack: report.stack } : {}))
      if (report.type !== 'started') return
      worker.on('error', (error) => process.stderr.write(`ctrmock: ${names} failed: ${error.stack ?? error.message}\n`))
      worker.on('exit', (code) => {
        if (stopping) return
        process.stderr.write(`ctrmock: the thread of ${names} stopped (${code}); stopping\n`)
        process.exit(1)
      })
    })
  })
  // A worker whose start failed may hold what its failed instance opened: it is terminated, not asked to stop.
  let failed = false
  started.catch(() => { failed = true })

  const stop = async () => {
    stopping = true
    if (failed) return void (await worker.terminate())
    const stopped = new Promise<void>((resolve) => worker.on('message', (report: WorkerReport) => { if (report.type === 'stopped') resolve() }))
    worker.postMessage('stop')
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref())
    await Promise.race([stopped, exited, timeout])
    await worker.terminate()
  }
  return { started, stop }
}
