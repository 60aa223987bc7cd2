// Which process owns an embedded Postgres data folder, recorded in the folder itself (ctrmock-owner.json): a start can
// then tell a server it may stop (its owner is gone: killed, or its terminal closed) from one a live ctrmock runs.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

export const OWNER_FILE = 'ctrmock-owner.json'

/** A process as the OS knows it; the start time tells a live owner from a later process that reuses its PID. */
export interface ProcessIdentity {
  pid: number
  startTime: string
  command: string
}

export interface OwnerRecord extends ProcessIdentity {
  state: 'starting' | 'running' | 'stopping'
  dataDir: string
  /** When the owner claimed the folder (ISO 8601). */
  since: string
  postgres?: { pid: number; port: number }
  /** What the owner serves, by name (e.g. CTR's URL), once it listens. */
  urls?: Record<string, string>
}

export function ownerFile(dataDir: string): string {
  return path.join(dataDir, OWNER_FILE)
}

/** The identity of a live process, or undefined when no process has that PID. */
export function processIdentity(pid: number): ProcessIdentity | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 3 (state) and 22 (starttime); the command name in field 2 may hold spaces and parentheses, so count from
    // its end. A zombie has exited, only its parent has not reaped it yet.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields[0] === 'Z') return undefined
    const startTime = fields[19] ?? ''
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ')
    return { pid, startTime, command }
  } catch {
    if (process.platform === 'linux') return undefined
  }
  try {
    // Elsewhere (macOS): `ps` prints the start time at a fixed width, then the command line.
    const line = execFileSync('ps', ['-o', 'lstart=,command=', '-p', String(pid)], { encoding: 'utf8' }).trim()
    return line ? { pid, startTime: line.slice(0, 24).trim(), command: line.slice(24).trim() } : undefined
  } catch {
    return undefined
  }
}

/** True while the process the record names still runs (same PID and same start time). */
export function ownerAlive(record: ProcessIdentity): boolean {
  const now = processIdentity(record.pid)
  return now !== undefined && now.startTime === record.startTime
}

export async function readOwner(dataDir: string): Promise<OwnerRecord | undefined> {
  const text = await readFile(ownerFile(dataDir), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    return JSON.parse(text) as OwnerRecord
  } catch {
    return undefined
  }
}

/** One line naming a running owner: its PID, start, command line and what it serves. */
export function describeOwner(record: OwnerRecord): string {
  const urls = Object.entries(record.urls ?? {}).map(([name, url]) => `${name} ${url}`).join(', ')
  return `ctrmock (PID ${record.pid}, since ${record.since}: ${record.command})`
    + (record.postgres ? ` with Postgres on 127.0.0.1:${record.postgres.port}` : '')
    + (urls ? `, serving ${urls}` : '')
}

export class DataDirInUse extends Error {
  constructor(readonly owner: OwnerRecord) {
    super(`${describeOwner(owner)} is already running on ${owner.dataDir}; stop it with \`ctrmock down\` (or Ctrl-C in its terminal)`)
    this.name = 'DataDirInUse'
  }
}

export interface DataDirClaim {
  /** The record as it stands. */
  readonly record: OwnerRecord
  /** The previous owner's record, when a dead owner's claim was taken over. */
  readonly previous?: OwnerRecord
  update(change: Partial<Pick<OwnerRecord, 'state' | 'postgres' | 'urls'>>): Promise<void>
  /** Removes the record if it is still this claim's. */
  release(): Promise<void>
}

export interface ClaimOptions {
  /** How long to wait for an owner that is stopping. */
  waitMs?: number
  notice?: (message: string) => void
}

/**
 * Makes this process the folder's owner. A live owner that is stopping is waited for (bounded); a live one that is
 * not makes this throw DataDirInUse; a dead one's record is taken over (returned as `previous`).
 */
export async function claimDataDir(dataDir: string, options: ClaimOptions = {}): Promise<DataDirClaim> {
  const self = processIdentity(process.pid) ?? { pid: process.pid, startTime: '', command: process.argv.join(' ') }
  const file = ownerFile(dataDir)
  const deadline = Date.now() + (options.waitMs ?? 20_000)
  let previous: OwnerRecord | undefined
  let waitedFor: number | undefined
  for (;;) {
    const record: OwnerRecord = { ...self, state: 'starting', dataDir, since: new Date().toISOString() }
    try {
      await writeFile(file, JSON.stringify(record), { flag: 'wx' })
      return ownClaim(file, record, previous)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) continue
    let existing: OwnerRecord | undefined
    try {
      existing = JSON.parse(text) as OwnerRecord
    } catch {}
    if (existing && ownerAlive(existing)) {
      if (existing.state !== 'stopping') throw new DataDirInUse(existing)
      if (Date.now() > deadline) throw new Error(`${describeOwner(existing)} is still stopping on ${dataDir}`)
      if (waitedFor !== existing.pid) options.notice?.(`waiting for ${describeOwner(existing)} to finish stopping`)
      waitedFor = existing.pid
      await pause(50)
      continue
    }
    // An unreadable record is one being written (the owner writes it whole right after creating it) or a torn one.
    if (!existing && Date.now() - (await modifiedAt(file)) < 2_000) {
      await pause(20)
      continue
    }
    if (await takeOver(file, text)) previous = existing
  }
}

/** Removes a dead owner's record, unless another process replaced it meanwhile; true when this process removed it. */
async function takeOver(file: string, seen: string): Promise<boolean> {
  const aside = `${file}.stale-${process.pid}`
  try {
    await rename(file, aside)
  } catch {
    return false // another starter took it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => '')
  if (moved !== seen) await link(aside, file).catch(() => {}) // a live claim made meanwhile: put it back
  await unlink(aside).catch(() => {})
  return moved === seen
}

function ownClaim(file: string, initial: OwnerRecord, previous: OwnerRecord | undefined): DataDirClaim {
  let record = initial
  return {
    get record() {
      return record
    },
    previous,
    async update(change) {
      record = { ...record, ...change }
      const temporary = `${file}.${process.pid}.tmp`
      await writeFile(temporary, JSON.stringify(record))
      await rename(temporary, file)
    },
    async release() {
      const current = await readOwner(path.dirname(file))
      if (current?.pid === record.pid && current.startTime === record.startTime) await unlink(file).catch(() => {})
    },
  }
}

async function modifiedAt(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.mtimeMs ?? 0
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The parent of a live process, where the OS says (Linux). */
export function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined
  } catch {
    return undefined
  }
}
