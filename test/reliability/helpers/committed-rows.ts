// Rows a user commits on a stack, and what of them a later stack (other ports, same data dir) still has.
import { Tenant, type Cloud } from '@ctrmock/client'

export interface Committed {
  stage: string
  token: string
  deviceId: string
  moduleId: string
  moduleTypeId: string
  mail: string
}

const day = 86_400_000

/** One tenant throughout: CTR (NAM and EU) orgs and an ESA appliance registered with SSE, its CTR module added. */
export async function newTenant(cloud: Cloud): Promise<Tenant> {
  const tenant = await cloud.createTenant()
  await tenant.integrateEsa('AMERICAS')
  return tenant
}

/** The tenant's clients on a later stack (other ports). */
export function on(cloud: Cloud, tenant: Tenant): Tenant {
  return new Tenant(cloud, tenant.namOrg, tenant.euOrg, tenant.appliance)
}

/** A row in every service: a registration token, a device registered with another, a CTR module instance, a mail. */
export async function commit(tenant: Tenant, stage: string): Promise<Committed> {
  const { tokens } = await tenant.sseAmericas.generateTokens(2, '1h')
  const registration = await tenant.sseAmericas.http.json<{ deviceId: string }>('POST', '/device/v1/registrations', {
    body: { token: tokens[1]!.token, device: { name: `lifecycle ${stage}`, type: 'ESA', version: '13.0.0-392', serialNumber: `L${Date.now()}`, ip: '127.0.0.1', callbackUrl: 'http://127.0.0.1:9/device' } },
  })
  const esaType = await tenant.ctr.moduleTypeByTitle('Email Security Appliance')
  const module = await tenant.ctr.createModuleInstance({ name: `lifecycle ${stage}`, module_type_id: esaType.id, settings: { device: registration.deviceId, timeframe: 30 } })
  const mail = `lifecycle ${stage}`
  await tenant.esa.sendMail({ subject: mail, from: 'sender@example.com', to: 'user@example.com' })
  return { stage, token: tokens[0]!.token, deviceId: registration.deviceId, moduleId: module.id, moduleTypeId: esaType.id, mail }
}

/** What is missing of `committed`, read through the tenant's clients. */
export async function missing(tenant: Tenant, committed: Committed[]): Promise<string[]> {
  const [tokens, devices, modules, mails] = await Promise.all([
    tenant.sseAmericas.tokens(),
    tenant.sseAmericas.devices({ limit: 100 }),
    tenant.ctr.moduleInstances(),
    tenant.esa.searchMessages({ startDate: new Date(Date.now() - day).toISOString(), endDate: new Date(Date.now() + day).toISOString(), limit: 100 }),
  ])
  const has = {
    token: new Set(tokens.map((tk) => tk.token)),
    device: new Set(devices.devices.map((d) => d.id)),
    module: new Set(modules.map((m) => m.id)),
    mail: new Set(mails.data.map((m) => (m.attributes as { subject?: string }).subject)),
  }
  return committed.flatMap((c) => [
    ...(has.token.has(c.token) ? [] : [`${c.stage}: token`]),
    ...(has.device.has(c.deviceId) ? [] : [`${c.stage}: device`]),
    ...(has.module.has(c.moduleId) ? [] : [`${c.stage}: module instance`]),
    ...(has.mail.has(c.mail) ? [] : [`${c.stage}: mail`]),
  ])
}
