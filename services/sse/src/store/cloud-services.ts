// Per-org Cloud Services settings; an org without a row has the defaults (Threat Response disabled).
import type { Database } from './database.ts'

export function cloudServiceStore(prisma: Database) {
  return {
    async threatResponseEnabled(orgId: string): Promise<boolean> {
      const row = await prisma.cloudServiceSetting.findUnique({ where: { orgId } })
      return row?.threatResponseEnabled ?? false
    },

    async setThreatResponse(orgId: string, enabled: boolean, at: Date): Promise<boolean> {
      const row = await prisma.cloudServiceSetting.upsert({
        where: { orgId },
        create: { orgId, threatResponseEnabled: enabled, updatedAt: at },
        update: { threatResponseEnabled: enabled, updatedAt: at },
      })
      return row.threatResponseEnabled
    },
  }
}
