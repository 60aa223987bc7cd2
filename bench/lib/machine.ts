// The facts a reader needs to compare runs: CPU, cores, memory, Node, the commit, and how busy the machine was.
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
  }
}

export function round(value: number): number {
  return Math.round(value * 100) / 100
}
