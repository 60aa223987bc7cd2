// `ctrmock status`: what runs where, ready or not.
import type { Args } from '../args.ts'
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
  else console.log(renderTable(rows, ['service', 'region', 'url', 'ready', 'version', 'uptime']))
  return rows.every((r) => r.ready === 'yes') ? 0 : 1
}
