// Feedback (/iroh/iroh-feedback): what a user tells Cisco about the product, kept with who sent it (the token's user,
// org and client, the user's role and identity provider) and readable by its id within the org.
import type { Feedback, NewFeedbackParams } from '@ctrmock/types'
import type { Caller, CtrContext } from './context.ts'
import { feedbackNotFound, tokenOrgGone } from './errors.ts'

const KIND = 'feedback'
// The identity provider of every ctrmock user: its one login (CONFORMANCE.md, "The browser login").
const USER_IDP = 'ctrmock'

export async function createFeedback(ctx: CtrContext, caller: Caller, params: NewFeedbackParams): Promise<Feedback> {
  const org = await ctx.store.identity.findOrg(caller.orgId)
  if (!org) throw tokenOrgGone()
  const user = await ctx.store.identity.findUser(caller.userId)
  const now = ctx.clock.now(caller.orgId)
  const feedback: Feedback = {
    ...params, id: ctx.random.id(), org_id: caller.orgId, org_name: org.name, user_id: caller.userId,
    user_role: user?.role ?? 'integration', user_idp: USER_IDP, client_id: caller.clientId, created_at: now.toISOString(),
  }
  await ctx.store.documents.put({ kind: KIND, id: feedback.id, orgId: caller.orgId, body: feedback, createdAt: now, updatedAt: now })
  return feedback
}

export async function getFeedback(ctx: CtrContext, orgId: string, id: string): Promise<Feedback> {
  const doc = await ctx.store.documents.get(KIND, orgId, id)
  if (!doc) throw feedbackNotFound(id)
  return doc.body as Feedback
}
