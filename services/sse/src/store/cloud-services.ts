// Per-org Cloud Services settings; an org without a row has the defaults (Threat Response disabled).
import type { PrismaClient } from '@ctrmock/kit/db'

export function cloudServiceStore(prisma: PrismaClient) {
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
