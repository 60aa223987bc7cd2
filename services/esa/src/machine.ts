// The host's load and memory, which the appliance's system health reports as its own: Node's figures, and on Linux
// /proc/meminfo's, which count reclaimable cache as available and know the swap.
import { readFile, statfs } from 'node:fs/promises'
import os from 'node:os'
import type { MachineReadings } from './domain/system-health.ts'
import type { DiskReadings } from './domain/xml-status.ts'

const kilobytes = (meminfo: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? Number.NaN)

export async function readHostMachine(): Promise<MachineReadings> {
  const meminfo = await readFile('/proc/meminfo', 'utf8').catch(() => '')
  const total = kilobytes(meminfo, 'MemTotal')
  const available = kilobytes(meminfo, 'MemAvailable')
  const swapTotal = kilobytes(meminfo, 'SwapTotal')
  return {
    cpuLoad: os.loadavg()[0]! / os.availableParallelism(),
    memoryUsed: total > 0 && available >= 0 ? 1 - available / total : 1 - os.freemem() / os.totalmem(),
    swapUsed: swapTotal > 0 ? 1 - kilobytes(meminfo, 'SwapFree') / swapTotal : 0,
  }
}

/** The disk the agent runs from, which the XML status page reports as the appliance's log disk. */
export async function readHostDisk(path = process.cwd()): Promise<DiskReadings> {
  const disk = await statfs(path)
  const total = disk.blocks * disk.bsize
  return { usedFraction: total > 0 ? 1 - (disk.bfree * disk.bsize) / total : 0, freeBytes: disk.bavail * disk.bsize }
}
