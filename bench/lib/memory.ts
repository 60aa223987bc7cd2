// Memory of the processes under test, read from /proc (Linux). RSS is what the targets name; for the Postgres
// server, whose processes all map the same shared buffers, PSS (shared pages split between sharers) is the honest sum.
import { readFileSync, readdirSync } from 'node:fs'

const MB = 1024

function statusField(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/** VmRSS of one process in MB (undefined when it is gone or /proc is absent). */
export function rssMb(pid: number): number | undefined {
  const kb = statusField(pid, 'VmRSS')
  return kb === undefined ? undefined : round(kb / MB)
}

/** Pss of one process in MB, from smaps_rollup. */
export function pssMb(pid: number): number | undefined {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
    return match ? round(Number(match[1]) / MB) : undefined
  } catch {
    return undefined
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 4, after the parenthesised command name (which may itself hold spaces or parentheses).
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** User + system CPU time a process has used so far, in ms (Linux reports it in 1/100 s). */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command name: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  } catch {
    return ''
  }
}

/** Every descendant of `root` (children, grandchildren, ...), with its command name. */
export function descendants(root: number): Array<{ pid: number; command: string }> {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const parent = parentOf(Number(entry))
    if (parent !== undefined) parents.set(Number(entry), parent)
  }
  const found: Array<{ pid: number; command: string }> = []
  const queue = [root]
  while (queue.length > 0) {
    const current = queue.shift()!
    for (const [pid, parent] of parents) {
      if (parent === current) {
        found.push({ pid, command: commandOf(pid) })
        queue.push(pid)
      }
    }
  }
  return found
}

export interface StackMemory {
  /** RSS of the Node process that runs every service (the target's "all services together"). */
  servicesRssMb: number | undefined
  /** The embedded Postgres server: process count, RSS sum (overcounts shared buffers) and PSS sum. */
  postgres: { processes: number; rssMb: number; pssMb: number }
}

export function stackMemory(pid: number): StackMemory {
  const pg = descendants(pid).filter((p) => p.command.startsWith('postgres') || p.command.startsWith('postmaster'))
  const sum = (values: Array<number | undefined>) => round(values.reduce<number>((a, b) => a + (b ?? 0), 0))
  return {
    servicesRssMb: rssMb(pid),
    postgres: { processes: pg.length, rssMb: sum(pg.map((p) => rssMb(p.pid))), pssMb: sum(pg.map((p) => pssMb(p.pid))) },
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
