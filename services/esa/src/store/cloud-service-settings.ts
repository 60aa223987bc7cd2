// Cloud Service Settings rows. Every change goes through transition(): the row is locked, the domain decides on
// what it read, and the decision is written in the same transaction, so concurrent clicks and the background
// registration runner never overwrite each other.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { CloudSettingsRecord, RegistrationStatus, SettingsPatch } from '../domain/cloud-service-settings.ts'

type Row = Omit<CloudSettingsRecord, 'registrationStatus'> & { registrationStatus: string }

const toRecord = (r: Row): CloudSettingsRecord => ({ ...r, registrationStatus: r.registrationStatus as RegistrationStatus })

export function cloudServiceSettingsStore(prisma: PrismaClient) {
  return {
    async get(applianceId: string): Promise<CloudSettingsRecord | undefined> {
      const row = await prisma.esaCloudServiceSettings.findUnique({ where: { applianceId } })
      return row ? toRecord(row) : undefined
    },

    /**
     * Runs `decide` on the locked row and stores the patch it returns. Returns the decision's result and the row
     * as stored, or undefined when the appliance does not exist.
     */
    async transition<T extends { patch?: SettingsPatch } | undefined>(
      applianceId: string,
      decide: (current: CloudSettingsRecord) => T,
    ): Promise<{ result: T; settings: CloudSettingsRecord } | undefined> {
      return prisma.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<Array<{ applianceId: string }>>`
          SELECT "applianceId" FROM "EsaCloudServiceSettings" WHERE "applianceId" = ${applianceId} FOR UPDATE`
        if (locked.length === 0) return undefined
        const current = toRecord((await tx.esaCloudServiceSettings.findUniqueOrThrow({ where: { applianceId } })) as Row)
        const result = decide(current)
        const patch = result?.patch
        if (!patch || Object.keys(patch).length === 0) return { result, settings: current }
        const stored = await tx.esaCloudServiceSettings.update({ where: { applianceId }, data: patch })
        return { result, settings: toRecord(stored as Row) }
      })
    },

    /** Appliances whose registration is in a given state (the runner resumes them at start). */
    async withStatus(status: RegistrationStatus): Promise<CloudSettingsRecord[]> {
      const rows = await prisma.esaCloudServiceSettings.findMany({ where: { registrationStatus: status } })
      return rows.map((r) => toRecord(r as Row))
    },
  }
}

export type CloudServiceSettingsStore = ReturnType<typeof cloudServiceSettingsStore>
