// `ctrmock status`: what runs where, ready or not.
import path from 'node:path'
import { describeOwner, ownerAlive, readOwner } from '@ctrmock/kit/db'
import { stringFlag, type Args } from '../args.ts'
import { defaultDataDir } from '../stack.ts'
import { cloudFromArgs } from '../cloud-from-args.ts'
import { renderTable } from '../table.ts'

export async function status(args: Args): Promise<number> {
  const cloud = cloudFromArgs(args)
  const rows = await Promise.all(Object.entries(cloud.controlPlanes).map(async ([name, control]) => {
    try {
      const [health, ready] = await Promise.all([control.health(), control.ready()])
      return { service: name, region: health.region ?? '-', url: control.baseUrl, ready: ready.ready ? 'yes' : 'no', version: health.version, uptime: `${health.uptimeSeconds}s` }
    } catch {
      return { service: name, region: '-', url: control.baseUrl, ready: 'down', version: '-', uptime: '-' }
    }
  }))
  if (args.flags.json) console.log(JSON.stringify(rows))
  else {
    console.log(renderTable(rows, ['service', 'region', 'url', 'ready', 'version', 'uptime']))
    console.log(await dataDirOwner(path.resolve(stringFlag(args, 'data-dir') ?? defaultDataDir())))
  }
  return rows.every((r) => r.ready === 'yes') ? 0 : 1
}

/** Who runs the embedded stack on the data dir: the process, when it started, its Postgres and URLs. */
async function dataDirOwner(dataDir: string): Promise<string> {
  const owner = await readOwner(dataDir)
  if (!owner) return `embedded stack on ${dataDir}: not running`
  if (!ownerAlive(owner)) return `embedded stack on ${dataDir}: its owner (PID ${owner.pid}) is gone; the next \`ctrmock up\` stops what it left`
  return `embedded stack on ${dataDir}: ${owner.state}, ${describeOwner(owner)}`
}
