// The local process that listens on a base URL's port, found through /proc (Linux): `pnpm bench --running` reads its
// RSS and CPU as it does the stack's it starts. A port published by a container, whose listener lives in another
// network namespace, has none here; the run then reports no RSS or CPU for it.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import { commandOf } from './memory.ts'

export interface Listener {
  port: number
  pid: number
  command: string
}

const LISTEN = '0A'

/** Socket inodes listening on each TCP port of this network namespace (IPv4 and IPv6). */
function listeningInodes(): Map<number, Set<string>> {
  const byPort = new Map<number, Set<string>>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string
    try {
      text = readFileSync(table, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (fields.length < 10 || fields[3] !== LISTEN) continue
      const port = Number.parseInt(fields[1]!.split(':')[1]!, 16)
      if (!byPort.has(port)) byPort.set(port, new Set())
      byPort.get(port)!.add(fields[9]!)
    }
  }
  return byPort
}

/** The process holding each listening port of `ports` that has one visible here. */
export function listenersOf(ports: readonly number[]): Listener[] {
  const inodes = listeningInodes()
  const wanted = new Map<string, number>()
  for (const port of ports) for (const inode of inodes.get(port) ?? []) wanted.set(`socket:[${inode}]`, port)
  const found = new Map<number, Listener>()
  if (wanted.size === 0) return []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${entry}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      let target: string
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`)
      } catch {
        continue
      }
      const port = wanted.get(target)
      if (port !== undefined && !found.has(port)) found.set(port, { port, pid: Number(entry), command: commandOf(Number(entry)) })
    }
  }
  return ports.flatMap((port) => (found.has(port) ? [found.get(port)!] : []))
}
