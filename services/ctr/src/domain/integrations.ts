// Integrations (/iroh/iroh-int/integration): an org's records of the products it integrates, kept as given with
// IROH's identity and ownership fields; PUT replaces, PATCH merges (null removes a field).
import type { StoredDocument } from '../store/iroh-documents.ts'
import type { IntActor, IntContext } from './int-context.ts'
import { intError } from './int-errors.ts'
import { listView, mergePatch, type ListOptions } from './int-documents.ts'

export type Integration = Record<string, unknown> & { id: string, org_id: string, user_id: string, client_id: string, created_at: string, updated_at: string }

const KIND = 'integration'
const OWNED = ['id', 'org_id', 'user_id', 'client_id', 'created_at', 'updated_at']

function fields(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([key]) => !OWNED.includes(key)))
}

function toView(doc: StoredDocument): Integration {
  return { ...doc.body, id: doc.id, org_id: doc.orgId, created_at: doc.createdAt.toISOString(), updated_at: doc.updatedAt.toISOString() } as Integration
}

async function save(ctx: IntContext, view: Integration): Promise<Integration> {
  const { id, org_id: orgId, created_at: createdAt, updated_at: updatedAt, ...body } = view
  await ctx.documents.put({ kind: KIND, id, orgId, body, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) })
  return view
}

export async function createIntegration(ctx: IntContext, actor: IntActor, input: Record<string, unknown>): Promise<Integration> {
  const now = ctx.now().toISOString()
  return save(ctx, { ...fields(input), id: ctx.newId(), org_id: actor.orgId, user_id: actor.userId, client_id: actor.clientId, created_at: now, updated_at: now })
}

export async function getIntegration(ctx: IntContext, orgId: string, id: string): Promise<Integration> {
  const doc = await ctx.documents.get(KIND, orgId, id)
  if (!doc) throw intError('notFound', `Integration ${id} not found`)
  return toView(doc)
}

export async function listIntegrations(ctx: IntContext, orgId: string, options: ListOptions): Promise<Integration[]> {
  return listView((await ctx.documents.list(KIND, orgId)).map(toView), options)
}

export async function changeIntegration(ctx: IntContext, orgId: string, id: string, input: Record<string, unknown>, mode: 'replace' | 'merge'): Promise<Integration> {
  const current = await getIntegration(ctx, orgId, id)
  const owned = Object.fromEntries(OWNED.map((key) => [key, current[key]])) as Integration
  const body = mode === 'replace' ? fields(input) : mergePatch(fields(current), fields(input))
  return save(ctx, { ...body, ...owned, updated_at: ctx.now().toISOString() })
}

export async function deleteIntegration(ctx: IntContext, orgId: string, id: string): Promise<void> {
  if (!(await ctx.documents.delete(KIND, orgId, id))) throw intError('notFound', `Integration ${id} not found`)
}
