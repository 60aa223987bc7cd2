// Appliances, their credentials (as keys) and their MID / ICID counters.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { Appliance, NewAppliance } from '../domain/appliances.ts'

type Row = {
  id: string; orgId: string; hostname: string; model: string; asyncosVersion: string; serialNumber: string
  ipAddress: string; adminUser: string; apiTokenSecret: string
}

const toAppliance = (r: Row): Appliance => ({
  id: r.id, orgId: r.orgId, hostname: r.hostname, model: r.model, asyncosVersion: r.asyncosVersion,
  serialNumber: r.serialNumber, ipAddress: r.ipAddress, adminUser: r.adminUser, apiTokenSecret: r.apiTokenSecret,
})

// Every AsyncOS API call looks its appliance up; a short-lived cache saves that round trip. Deletes clear it, so a
// reset org's credentials stop working at once (in this process; another replica forgets them within the TTL).
const CACHE_TTL_MS = 5_000
const CACHE_MAX = 1_000

function lookupCache() {
  const entries = new Map<string, { appliance: Appliance; until: number }>()
  return {
    async get(key: string, load: () => Promise<Appliance | undefined>): Promise<Appliance | undefined> {
      const hit = entries.get(key)
      if (hit && hit.until > performance.now()) return hit.appliance
      const appliance = await load()
      if (entries.size >= CACHE_MAX) entries.clear()
      if (appliance) entries.set(key, { appliance, until: performance.now() + CACHE_TTL_MS })
      else entries.delete(key)
      return appliance
    },
    clear: () => entries.clear(),
  }
}

export function applianceStore(prisma: PrismaClient, now: () => Date) {
  const cache = lookupCache()
  return {
    async get(id: string): Promise<Appliance | undefined> {
      return cache.get(`id:${id}`, async () => {
        const row = await prisma.esaAppliance.findUnique({ where: { id } })
        return row ? toAppliance(row) : undefined
      })
    },

    async byAdminCredential(key: string): Promise<Appliance | undefined> {
      return cache.get(`admin:${key}`, async () => {
        const row = await prisma.esaAppliance.findUnique({ where: { adminCredential: key } })
        return row ? toAppliance(row) : undefined
      })
    },

    async bySmtpCredential(key: string): Promise<Appliance | undefined> {
      const row = await prisma.esaAppliance.findUnique({ where: { smtpCredential: key } })
      return row ? toAppliance(row) : undefined
    },

    /** Creates the appliance with factory Cloud Service Settings (Threat Response disabled). */
    async create(a: NewAppliance): Promise<Appliance> {
      const row = await prisma.esaAppliance.create({
        data: { ...a, createdAt: now(), cloudServiceSettings: { create: { orgId: a.orgId } } },
      })
      return toAppliance(row)
    },

    /** The default appliance takes its facts and credentials from the environment at each start; its counters,
     * settings and messages survive restarts. */
    async ensure(a: NewAppliance): Promise<Appliance> {
      cache.clear()
      // The token secret stays, so jwtTokens handed out before a restart keep working.
      const { id, apiTokenSecret: _keep, ...facts } = a
      const row = await prisma.esaAppliance.upsert({
        where: { id },
        update: facts,
        create: { ...a, createdAt: now(), cloudServiceSettings: { create: { orgId: a.orgId } } },
      })
      return toAppliance(row)
    },

    /** Hands out the next ICID (one per SMTP connection). */
    async nextIcid(id: string, count = 1): Promise<number> {
      const row = await prisma.esaAppliance.update({ where: { id }, data: { nextIcid: { increment: count } }, select: { nextIcid: true } })
      return row.nextIcid - count
    },

    async idsOfOrg(orgId?: string): Promise<string[]> {
      const rows = await prisma.esaAppliance.findMany({ where: orgId === undefined ? {} : { orgId }, select: { id: true } })
      return rows.map((r) => r.id)
    },

    /** Deletes appliances (their settings and messages go with them). */
    async delete(ids: string[]): Promise<number> {
      const { count } = await prisma.esaAppliance.deleteMany({ where: { id: { in: ids } } })
      cache.clear()
      return count
    },
  }
}

export type ApplianceStore = ReturnType<typeof applianceStore>
