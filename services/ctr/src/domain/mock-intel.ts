// The control plane of Mock Intelligence: a tester sets, lists and clears an org's judgements.
import type { Judgement } from '@ctrmock/types'
import type { CtrContext } from './context.ts'
import { notMockIntelInstance, orgNotFound } from './errors.ts'
import { judgementDoc, newJudgement, readIntelInput } from './intel.ts'

const SOURCE = 'Mock Intelligence'

export interface JudgementFilter {
  type?: string
  value?: string
}

async function existingOrg(ctx: CtrContext, orgId: string): Promise<string> {
  if (!(await ctx.store.identity.findOrg(orgId))) throw orgNotFound(orgId)
  return orgId
}

/** `now` is the time of the org the call names; `defaultOrgId` acts when the body names none. */
export async function setJudgement(ctx: CtrContext, body: Record<string, unknown>, now: Date, defaultOrgId: string): Promise<{ org: string; judgement: Judgement }> {
  const { org, ...spec } = readIntelInput(body, now)
  const orgId = await existingOrg(ctx, org ?? defaultOrgId)
  if (spec.moduleInstanceId) {
    const instance = await ctx.store.moduleInstances.get(orgId, spec.moduleInstanceId)
    if (!instance || ctx.builtinTypes.get(instance.moduleTypeId)?.kind !== 'mock-intel') throw notMockIntelInstance(spec.moduleInstanceId, orgId)
  }
  const judgement = newJudgement(ctx.random, orgId, 'control-plane', spec, now)
  await ctx.store.judgements.add(judgement)
  return { org: orgId, judgement: judgementDoc(judgement, SOURCE) }
}

export async function listJudgements(ctx: CtrContext, orgId: string, filter: JudgementFilter): Promise<{ org: string; judgements: Judgement[] }> {
  const list = await ctx.store.judgements.list(await existingOrg(ctx, orgId), filter)
  return { org: orgId, judgements: list.map((j) => judgementDoc(j, SOURCE)) }
}

export async function deleteJudgements(ctx: CtrContext, orgId: string, filter: JudgementFilter): Promise<{ deleted: number }> {
  return { deleted: await ctx.store.judgements.deleteAll(await existingOrg(ctx, orgId), filter) }
}
