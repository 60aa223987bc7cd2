// Base URLs for commands that talk to a running stack: flags first, then CTRMOCK_* env, then the default ports.
import { Cloud, URL_FLAGS, urlsFromFlags } from '@ctrmock/client'
import { stringFlag, type Args } from './args.ts'

export function cloudFromArgs(args: Args): Cloud {
  return new Cloud(urlsFromFlags(Object.fromEntries(URL_FLAGS.map((flag) => [flag, stringFlag(args, flag)]))))
}

export type ServiceName = keyof Cloud['controlPlanes']

/** `--service sse-americas` picks one control plane; absent, all of them. */
export function selectedServices(cloud: Cloud, args: Args): ServiceName[] {
  const chosen = stringFlag(args, 'service')
  const all = Object.keys(cloud.controlPlanes) as ServiceName[]
  if (!chosen) return all
  const names = chosen.split(',') as ServiceName[]
  for (const name of names) if (!all.includes(name)) throw new Error(`unknown service "${name}"; one of ${all.join(', ')}`)
  return names
}
