// A full disk under Postgres: reads still work, so the readiness check's `SELECT 1` alone would say ready while every
// write fails. Once a route meets a disk-full error, readiness reports it until a probe write succeeds again.
import { isDiskFull } from './database-unavailable.ts'

const fullSince = new WeakMap<object, Date>()

export function noteDiskFull(app: object): void {
  if (!fullSince.has(app)) fullSince.set(app, new Date())
}

/**
 * A write that needs new disk space (a temporary table a few pages long, dropped at commit): it fails while the disk
 * is full and costs nothing lasting once it is not.
 */
export const DISK_PROBE = `DO $probe$ BEGIN
  CREATE TEMP TABLE ctrmock_disk_probe (filler text) ON COMMIT DROP;
  INSERT INTO ctrmock_disk_probe SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 60), generate_series(1, 64) AS page GROUP BY page;
END $probe$`

/** Readiness: true, or why not (the disk is full since when). Probes with `write` only after a disk-full error. */
export async function diskCheck(app: object, write: () => Promise<unknown>): Promise<true | string> {
  const since = fullSince.get(app)
  if (!since) return true
  try {
    await write()
  } catch (error) {
    if (isDiskFull(error)) return `Postgres is out of disk space (writes fail since ${since.toISOString()}); free space and the service recovers by itself`
    throw error
  }
  fullSince.delete(app)
  return true
}
