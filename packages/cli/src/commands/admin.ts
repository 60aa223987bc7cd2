// Control-plane commands: faults, clock, reset, journal, token.
import { CtrClient } from '@ctrmock/client'
import type { FaultRule } from '@ctrmock/types'
import { stringFlag, type Args } from '../args.ts'
import { cloudFromArgs, selectedServices } from '../cloud-from-args.ts'
import { renderTable } from '../table.ts'

function out(args: Args, value: unknown, table: () => string): void {
  console.log(args.flags.json ? JSON.stringify(value) : table())
}

export async function faults(args: Args): Promise<number> {
  const cloud = cloudFromArgs(args)
  const [, sub] = args.positionals
  const services = selectedServices(cloud, args)
  if (sub === 'add') {
    if (services.length !== 1) throw new Error('faults add needs --service <name>')
    const rule: FaultRule = {
      match: { path: stringFlag(args, 'path') ?? '/**', ...(stringFlag(args, 'method') ? { method: stringFlag(args, 'method') } : {}), ...(stringFlag(args, 'org') ? { org: stringFlag(args, 'org') } : {}) },
      action: {
        type: (stringFlag(args, 'type') ?? 'error') as FaultRule['action']['type'],
        ...(stringFlag(args, 'status') ? { status: Number(stringFlag(args, 'status')) } : {}),
        ...(stringFlag(args, 'delay') ? { delayMs: Number(stringFlag(args, 'delay')) } : {}),
      },
      ...(stringFlag(args, 'probability') ? { probability: Number(stringFlag(args, 'probability')) } : {}),
      ...(stringFlag(args, 'seed') ? { seed: Number(stringFlag(args, 'seed')) } : {}),
      ...(stringFlag(args, 'times') ? { times: Number(stringFlag(args, 'times')) } : {}),
    }
    const created = await cloud.plane(services[0]!).addFault(rule)
    out(args, created, () => `added ${created.id} on ${services[0]}`)
    return 0
  }
  if (sub === 'clear') {
    const counts = await Promise.all(services.map(async (s) => ({ service: s, deleted: await cloud.plane(s).clearFaults(stringFlag(args, 'org')) })))
    out(args, counts, () => renderTable(counts, ['service', 'deleted']))
    return 0
  }
  if (sub !== 'list' && sub !== undefined) throw new Error('usage: ctrmock faults add|list|clear [--service s] [--path p --type error|latency|reset|timeout --status n --times n]')
  const rows = (await Promise.all(services.map(async (s) => (await cloud.plane(s).faults()).map((f) => ({ service: s, ...f }))))).flat()
  out(args, rows, () => renderTable(rows.map((r) => ({ service: r.service, id: r.id, method: r.match.method ?? '*', path: r.match.path, action: r.action.type + (r.action.status ? ` ${r.action.status}` : ''), remaining: r.remaining ?? '∞', fired: r.fired })), ['service', 'id', 'method', 'path', 'action', 'remaining', 'fired']))
  return 0
}

export async function clock(args: Args): Promise<number> {
  const cloud = cloudFromArgs(args)
  const [, sub, amount] = args.positionals
  const org = stringFlag(args, 'org')
  const update = sub === 'advance' ? { advance: amount ?? '' } : sub === 'freeze' ? { freeze: true } : sub === 'unfreeze' ? { freeze: false } : sub === 'reset' ? { reset: true } : undefined
  if (sub && sub !== 'show' && !update) throw new Error('usage: ctrmock clock show|advance <2h>|freeze|unfreeze|reset [--service s] [--org o]')
  const rows = await Promise.all(selectedServices(cloud, args).map(async (s) => ({
    service: s, ...(update ? await cloud.plane(s).setClock({ ...update, ...(org ? { org } : {}) }) : await cloud.plane(s).clock()),
  })))
  out(args, rows, () => renderTable(rows, ['service', 'now', 'offsetMs', 'frozen']))
  return 0
}

export async function reset(args: Args): Promise<number> {
  const cloud = cloudFromArgs(args)
  const services = selectedServices(cloud, args)
  await Promise.all(services.map((s) => cloud.plane(s).reset(stringFlag(args, 'org'))))
  out(args, { reset: services }, () => `reset ${services.join(', ')}`)
  return 0
}

export async function journal(args: Args): Promise<number> {
  const cloud = cloudFromArgs(args)
  const filter = {
    ...(stringFlag(args, 'path') ? { path: stringFlag(args, 'path') } : {}),
    ...(stringFlag(args, 'org') ? { org: stringFlag(args, 'org') } : {}),
    ...(stringFlag(args, 'status') ? { status: Number(stringFlag(args, 'status')) } : {}),
    ...(args.flags.faults ? { hasFault: true } : {}),
    limit: Number(stringFlag(args, 'limit') ?? 50),
  }
  const rows = (await Promise.all(selectedServices(cloud, args).map(async (s) => (await cloud.plane(s).journal(filter)).map((e) => ({ ...e, service: s }))))).flat()
  rows.sort((a, b) => a.at.localeCompare(b.at))
  out(args, rows, () => renderTable(rows.map((e) => ({ at: e.at, service: e.service, method: e.method, path: e.path, status: e.status, ms: e.durationMs, org: e.org ?? '', fault: e.fault?.type ?? '', note: e.note ?? '' })), ['at', 'service', 'method', 'path', 'status', 'ms', 'org', 'fault', 'note']))
  return 0
}

export async function token(args: Args): Promise<number> {
  const cloud = cloudFromArgs(args)
  const region = stringFlag(args, 'region') === 'EU' ? cloud.urls.ctrEu : cloud.urls.ctr
  const client = new CtrClient(region, {
    clientId: stringFlag(args, 'client-id') ?? process.env.CTRMOCK_CLIENT_ID ?? 'client-00000000-0000-4000-8000-000000000001',
    clientPassword: stringFlag(args, 'client-password') ?? process.env.CTRMOCK_CLIENT_PASSWORD ?? 'ctrmock-dev-password',
  })
  const answer = await client.requestToken()
  out(args, answer, () => answer.access_token)
  return 0
}
