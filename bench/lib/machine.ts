// The facts a reader needs to compare runs: CPU, cores, memory, Node, the commit, how busy the machine was, and what a
// fresh page of memory cost.
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { ROOT } from './processes.ts'

export interface Machine {
  cpu: string
  cores: number
  memoryGb: number
  os: string
  node: string
  commit?: string
  /** 1-minute load average at the start and at the end of the run: other work on the machine skews the numbers. */
  loadAverage: { start: number; end?: number }
  /**
   * CPU µs to touch a fresh 4 KB page (64 MB, once each) at the start and at the end of the run: on a VM part of that
   * fault is the host's, it moves with the host's load, and every start and request pays it for its new memory.
   */
  freshPageUs: { start: number; end?: number }
}

export function machineFacts(): Machine {
  let commit: string | undefined
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
  } catch {}
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    ...(commit ? { commit } : {}),
    loadAverage: { start: round(os.loadavg()[0]!) },
    freshPageUs: { start: freshPageCost() },
  }
}

const PAGE = 4096

/** CPU µs per fresh page: touches one byte of each page of 64 MB that nothing has touched yet. */
export function freshPageCost(bytes = 64 * 1024 * 1024): number {
  const started = process.cpuUsage()
  const memory = Buffer.allocUnsafeSlow(bytes)
  for (let offset = 0; offset < bytes; offset += PAGE) memory[offset] = 1
  const used = process.cpuUsage(started)
  return round((used.user + used.system) / (bytes / PAGE))
}

export function round(value: number): number {
  return Math.round(value * 100) / 100
}
