// Mock Intelligence judgements.
import type { PrismaClient } from '@ctrmock/kit/db'
import type { Confidence, Disposition, Observable, ObservableType, Severity } from '@ctrmock/types'
import type { IntelJudgement } from '../domain/intel.ts'

type Row = NonNullable<Awaited<ReturnType<PrismaClient['intelJudgement']['findFirst']>>>

function toJudgement(row: Row): IntelJudgement {
  return {
    id: row.id, orgId: row.orgId, origin: row.origin as IntelJudgement['origin'],
    ...(row.moduleInstanceId ? { moduleInstanceId: row.moduleInstanceId } : {}),
    observable: { type: row.observableType as ObservableType, value: row.observableValue },
    disposition: row.disposition as Disposition, priority: row.priority, confidence: row.confidence as Confidence,
    severity: row.severity as Severity, ...(row.reason ? { reason: row.reason } : {}), ...(row.source ? { source: row.source } : {}),
    validFrom: row.validFrom, validUntil: row.validUntil, createdAt: row.createdAt,
  }
}

function toRow(j: IntelJudgement) {
  return {
    id: j.id, orgId: j.orgId, origin: j.origin, moduleInstanceId: j.moduleInstanceId ?? null, observableType: j.observable.type,
    observableValue: j.observable.value, disposition: j.disposition, priority: j.priority, confidence: j.confidence,
    severity: j.severity, reason: j.reason ?? null, source: j.source ?? null, validFrom: j.validFrom,
    validUntil: j.validUntil, createdAt: j.createdAt,
  }
}

export function judgementStore(prisma: PrismaClient) {
  return {
    /** An instance's judgements of the observables. */
    async forObservables(orgId: string, instanceId: string, observables: readonly Observable[]): Promise<IntelJudgement[]> {
      if (observables.length === 0) return []
      const rows = await prisma.intelJudgement.findMany({
        where: {
          orgId,
          moduleInstanceId: instanceId,
          AND: [{ OR: observables.map((o) => ({ observableType: o.type, observableValue: o.value })) }],
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })
      return rows.map(toJudgement)
    },

    async add(judgement: IntelJudgement): Promise<void> {
      await prisma.intelJudgement.create({ data: toRow(judgement) })
    },

    /** The instance's settings changed: its settings judgements are replaced (response-action ones stay). */
    async replaceForInstance(orgId: string, instanceId: string, judgements: IntelJudgement[]): Promise<void> {
      await prisma.$transaction([
        prisma.intelJudgement.deleteMany({ where: { orgId, moduleInstanceId: instanceId, origin: 'settings' } }),
        prisma.intelJudgement.createMany({ data: judgements.map(toRow) }),
      ])
    },

    async deleteForInstance(orgId: string, instanceId: string): Promise<void> {
      await prisma.intelJudgement.deleteMany({ where: { orgId, moduleInstanceId: instanceId } })
    },

    async deleteAll(orgId?: string): Promise<number> {
      return (await prisma.intelJudgement.deleteMany({ where: orgId === undefined ? {} : { orgId } })).count
    },
  }
}
export type JudgementStore = ReturnType<typeof judgementStore>
