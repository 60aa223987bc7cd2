// Child processes for the benchmark: every server and the load generator run in a process of their own, so none
// shares an event loop with another. A child announces itself with one JSON line on stdout.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** tsx's loader by absolute URL, so a child may run with any working directory. */
export const TSX_LOADER = import.meta.resolve('tsx')

export interface SpawnedChild {
  child: ChildProcess
  pid: number
  /** Resolves with the first stdout line that parses as JSON and passes `accept`. */
  message<T>(accept?: (value: T) => boolean, timeoutMs?: number): Promise<T>
  /** Everything the child wrote to stderr so far (for error reports). */
  stderr(): string
  exited: Promise<number | null>
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>
}

export interface SpawnOptions {
  cwd?: string
  env?: Record<string, string>
  nodeArgs?: string[]
  /** Echo the child's stderr (for debugging). */
  echo?: boolean
}

/** `node --import tsx <file> ...args` as a child process. */
export function spawnTs(file: string, args: string[] = [], options: SpawnOptions = {}): SpawnedChild {
  return spawnNode(file, args, { ...options, nodeArgs: ['--import', TSX_LOADER, ...(options.nodeArgs ?? [])] })
}

/** `node <file> ...args` as a child process, announcing itself through JSON lines on stdout. */
export function spawnNode(file: string, args: string[] = [], options: SpawnOptions = {}): SpawnedChild {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), file, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (!child.pid) throw new Error(`could not spawn ${file}`)
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000)
    if (options.echo) process.stderr.write(chunk)
  })
  const lines: unknown[] = []
  const waiters = new Set<(value: unknown) => void>()
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let value: unknown
    try { value = JSON.parse(line) } catch { return }
    lines.push(value)
    for (const waiter of waiters) waiter(value)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  return {
    child,
    pid: child.pid,
    stderr: () => stderr,
    exited,
    message<T>(accept: (value: T) => boolean = () => true, timeoutMs = 120_000): Promise<T> {
      const seen = lines.find((l) => accept(l as T))
      if (seen !== undefined) return Promise.resolve(seen as T)
      return new Promise<T>((resolve, reject) => {
        const done = (fn: () => void) => { clearTimeout(timer); waiters.delete(onLine); fn() }
        const onLine = (value: unknown) => { if (accept(value as T)) done(() => resolve(value as T)) }
        const timer = setTimeout(() => done(() => reject(new Error(`${path.basename(file)}: no answer after ${timeoutMs} ms\n${stderr}`))), timeoutMs)
        waiters.add(onLine)
        exited.then((code) => done(() => reject(new Error(`${path.basename(file)} exited (${code}) before answering\n${stderr}`))))
      })
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Writes one JSON line for the parent (the protocol of spawnNode). */
export function announce(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`)
}
