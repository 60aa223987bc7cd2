// Module-type patches (/iroh/iroh-int/module-type-patch): a proposed change to a module type, kept with its review
// state (pending, merged, rejected); the preview is the module type with the patch applied.
import type { ModuleType } from '@ctrmock/types'
import type { StoredDocument } from '../store/iroh-documents.ts'
import type { Caller, CtrContext } from './context.ts'
import { moduleTypePatchNotFound, unknownModuleType } from './errors.ts'
import { listView, type ListOptions } from './int-documents.ts'
import { mergePatch } from './module-settings.ts'
import { resolveModuleType } from './module-types.ts'

export type MergeStatus = 'pending' | 'merged' | 'rejected'

export interface ModuleTypePatch {
  id: string
  org_id: string
  user_id: string
  client_id: string
  module_type_id: string
  patch: Record<string, unknown>
  merge_status: MergeStatus
  merge_message?: string
  merged_at?: string
  merged_by?: string
  created_at: string
  updated_at: string
}

export interface PatchChange {
  patch?: Record<string, unknown>
  merge_status?: MergeStatus
  merge_message?: string
}

const KIND = 'module-type-patch'

function toDocument(view: ModuleTypePatch): StoredDocument {
  const { id, org_id: orgId, created_at: createdAt, updated_at: updatedAt, ...body } = view
  return { kind: KIND, id, orgId, body, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) }
}

function toView(doc: StoredDocument): ModuleTypePatch {
  return { ...(doc.body as Omit<ModuleTypePatch, 'id' | 'org_id'>), id: doc.id, org_id: doc.orgId, created_at: doc.createdAt.toISOString(), updated_at: doc.updatedAt.toISOString() }
}

async function moduleType(ctx: CtrContext, orgId: string, id: string): Promise<ModuleType> {
  const type = await resolveModuleType(ctx, orgId, id)
  if (!type) throw unknownModuleType(id)
  return type.view
}

export async function createModuleTypePatch(ctx: CtrContext, caller: Caller, input: { module_type_id: string, patch: Record<string, unknown> }, dryRun = false): Promise<ModuleTypePatch> {
  await moduleType(ctx, caller.orgId, input.module_type_id)
  const now = ctx.clock.now(caller.orgId).toISOString()
  const view: ModuleTypePatch = {
    id: ctx.random.id(), org_id: caller.orgId, user_id: caller.userId, client_id: caller.clientId, module_type_id: input.module_type_id,
    patch: input.patch, merge_status: 'pending', created_at: now, updated_at: now,
  }
  if (!dryRun) await ctx.store.documents.put(toDocument(view))
  return view
}

export async function getModuleTypePatch(ctx: CtrContext, orgId: string, id: string): Promise<ModuleTypePatch> {
  const doc = await ctx.store.documents.get(KIND, orgId, id)
  if (!doc) throw moduleTypePatchNotFound(id)
  return toView(doc)
}

export async function listModuleTypePatches(ctx: CtrContext, orgId: string, options: ListOptions): Promise<ModuleTypePatch[]> {
  const views = (await ctx.store.documents.list(KIND, orgId)).map(toView)
  return listView(views as unknown as Array<Record<string, unknown>>, options) as unknown as ModuleTypePatch[]
}

/** PUT: a new patch or review state; merging records who merged it and when. */
export async function changeModuleTypePatch(ctx: CtrContext, caller: Caller, id: string, change: PatchChange, dryRun = false): Promise<ModuleTypePatch> {
  const current = await getModuleTypePatch(ctx, caller.orgId, id)
  const now = ctx.clock.now(caller.orgId).toISOString()
  const merging = change.merge_status === 'merged' && current.merge_status !== 'merged'
  const next: ModuleTypePatch = {
    ...current, ...(change.patch ? { patch: change.patch } : {}), ...(change.merge_status ? { merge_status: change.merge_status } : {}),
    ...(change.merge_message !== undefined ? { merge_message: change.merge_message } : {}),
    ...(merging ? { merged_at: now, merged_by: caller.userId } : {}), updated_at: now,
  }
  if (!dryRun) await ctx.store.documents.put(toDocument(next))
  return next
}

export async function deleteModuleTypePatch(ctx: CtrContext, orgId: string, id: string): Promise<ModuleTypePatch> {
  const current = await getModuleTypePatch(ctx, orgId, id)
  if (!(await ctx.store.documents.delete(KIND, orgId, id))) throw moduleTypePatchNotFound(id)
  return current
}

/** The module type as it would read with the patch applied (identity and ownership unchanged). */
export async function previewModuleTypePatch(ctx: CtrContext, orgId: string, id: string): Promise<ModuleType> {
  const patch = await getModuleTypePatch(ctx, orgId, id)
  const type = await moduleType(ctx, orgId, patch.module_type_id)
  const { org_id: _o, user_id: _u, client_id: _c, ...changes } = patch.patch
  return { ...mergePatch(type as unknown as Record<string, unknown>, changes), id: type.id, org_id: type.org_id, user_id: type.user_id, client_id: type.client_id } as ModuleType
}
