// Integrations (/iroh/iroh-int/integration): an org's records of the products it integrates, kept as given with
// IROH's identity and ownership fields; PUT replaces, PATCH merges (null removes a field).
import type { StoredDocument } from '../store/iroh-documents.ts'
import type { Caller, CtrContext } from './context.ts'
import { integrationNotFound } from './errors.ts'
import { listView, type ListOptions } from './int-documents.ts'
import { mergePatch } from './module-settings.ts'

export type Integration = Record<string, unknown> & { id: string, org_id: string, user_id: string, client_id: string, created_at: string, updated_at: string }

const KIND = 'integration'
const OWNED = ['id', 'org_id', 'user_id', 'client_id', 'created_at', 'updated_at']

function fields(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([key]) => !OWNED.includes(key)))
}

function toView(doc: StoredDocument): Integration {
  return { ...doc.body, id: doc.id, org_id: doc.orgId, created_at: doc.createdAt.toISOString(), updated_at: doc.updatedAt.toISOString() } as Integration
}

async function save(ctx: CtrContext, view: Integration): Promise<Integration> {
  const { id, org_id: orgId, created_at: createdAt, updated_at: updatedAt, ...body } = view
  await ctx.store.documents.put({ kind: KIND, id, orgId, body, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) })
  return view
}

export async function createIntegration(ctx: CtrContext, caller: Caller, input: Record<string, unknown>): Promise<Integration> {
  const now = ctx.clock.now(caller.orgId).toISOString()
  // Visible to the org unless it says otherwise, as IROH answers it (the SDK's functional tests).
  return save(ctx, { visibility: 'org', ...fields(input), id: ctx.random.id(), org_id: caller.orgId, user_id: caller.userId, client_id: caller.clientId, created_at: now, updated_at: now })
}

export async function getIntegration(ctx: CtrContext, orgId: string, id: string): Promise<Integration> {
  const doc = await ctx.store.documents.get(KIND, orgId, id)
  if (!doc) throw integrationNotFound(id)
  return toView(doc)
}

export async function listIntegrations(ctx: CtrContext, orgId: string, options: ListOptions): Promise<Integration[]> {
  return listView((await ctx.store.documents.list(KIND, orgId)).map(toView), options)
}

export async function changeIntegration(ctx: CtrContext, orgId: string, id: string, input: Record<string, unknown>, mode: 'replace' | 'merge'): Promise<Integration> {
  const current = await getIntegration(ctx, orgId, id)
  const owned = Object.fromEntries(OWNED.map((key) => [key, current[key]])) as Integration
  const body = mode === 'replace' ? fields(input) : mergePatch(fields(current), fields(input))
  return save(ctx, { ...body, ...owned, updated_at: ctx.clock.now(orgId).toISOString() })
}

/** Deletes an integration and answers what was deleted. */
export async function deleteIntegration(ctx: CtrContext, orgId: string, id: string): Promise<Integration> {
  const gone = await getIntegration(ctx, orgId, id)
  if (!(await ctx.store.documents.delete(KIND, orgId, id))) throw integrationNotFound(id)
  return gone
}
