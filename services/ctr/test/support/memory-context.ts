// A CtrContext over an in-memory fake of the store's module, judgement and identity parts, for use-case tests that
// run without HTTP or Postgres. Ids and secrets are seeded and the clock stands still, so answers can be compared whole.
import type { CtrContext } from '../../src/domain/context.ts'
import { builtinModuleTypes } from '../../src/domain/builtin-module-types.ts'
import { withCiscoRelayTypes } from '../../src/domain/cisco-module-types.ts'
import { seededRandom } from '../../src/domain/random.ts'
import type { IntelJudgement } from '../../src/domain/intel.ts'
import type { ModuleInstance } from '../../src/domain/module-instances.ts'
import { RelayUrlPolicy } from '../../src/domain/relay-urls.ts'
import type { CtrStore } from '../../src/store/index.ts'
import type { OrgRecord, UserRecord } from '../../src/store/identity.ts'
import type { InstanceFilter } from '../../src/store/module-instances.ts'
import type { StoredModuleType } from '../../src/store/module-types.ts'
import type { DocumentKind, StoredDocument } from '../../src/store/iroh-documents.ts'
import type { OAuthClientRecord } from '../../src/store/oauth-clients.ts'
import type { GrantKind, GrantRecord } from '../../src/store/oauth-grants.ts'

export const NOW = new Date('2026-03-02T10:00:00.000Z')

export interface MemoryStore {
  orgs: Map<string, OrgRecord>
  users: Map<string, UserRecord>
  types: Map<string, StoredModuleType>
  instances: Map<string, ModuleInstance>
  judgements: IntelJudgement[]
  /** IROH documents (integrations, module-type patches) by `kind:id`. */
  documents: Map<string, StoredDocument>
  oauthClients: Map<string, OAuthClientRecord>
  /** Codes, refresh tokens and sessions by the SHA-256 of their secret. */
  grants: Map<string, GrantRecord>
}

function fakeStore(m: MemoryStore) {
  const ofOrg = <T extends { orgId: string }>(rows: Iterable<T>, orgId: string) => [...rows].filter((r) => r.orgId === orgId)
  const instances = (orgId: string, f: InstanceFilter = {}) => ofOrg(m.instances.values(), orgId)
    .filter((i) => (f.moduleTypeId === undefined || i.moduleTypeId === f.moduleTypeId) && (f.enabled === undefined || i.enabled === f.enabled))
    .filter((i) => (!f.query || i.name.toLowerCase().includes(f.query.toLowerCase())) && (!f.ids || f.ids.includes(i.id)))
    .slice(f.offset ?? 0, f.limit === undefined ? undefined : (f.offset ?? 0) + f.limit)
  return {
    identity: {
      findOrg: async (id: string) => m.orgs.get(id),
      orgExists: async (id: string) => m.orgs.has(id),
      findUser: async (id: string) => m.users.get(id),
      updateOrg: async (id: string, changes: { name?: string }, now: Date) => {
        const org = m.orgs.get(id)
        if (!org) return undefined
        m.orgs.set(id, { ...org, ...changes, updatedAt: now })
        return m.orgs.get(id)
      },
    },
    users: {
      list: async (orgId: string, ids?: string[]) => ofOrg(m.users.values(), orgId).filter((u) => !ids || ids.includes(u.id)),
      get: async (orgId: string, id: string) => ofOrg(m.users.values(), orgId).find((u) => u.id === id),
      update: async (orgId: string, id: string, change: { role?: string; name?: string }, now: Date) => {
        const user = m.users.get(id)
        if (user?.orgId !== orgId) return undefined
        m.users.set(id, { ...user, ...change, updatedAt: now })
        return m.users.get(id)
      },
    },
    oauthClients: {
      create: async (c: OAuthClientRecord) => m.oauthClients.set(c.id, c).get(c.id)!,
      get: async (id: string) => m.oauthClients.get(id),
      list: async (orgId: string) => ofOrg(m.oauthClients.values(), orgId),
      delete: async (orgId: string, id: string) => m.oauthClients.get(id)?.orgId === orgId && m.oauthClients.delete(id),
    },
    oauthGrants: {
      add: async (g: GrantRecord) => { m.grants.set(g.id, g) },
      find: async (kind: GrantKind, id: string) => (m.grants.get(id)?.kind === kind ? m.grants.get(id) : undefined),
      use: async (id: string, now: Date) => {
        const g = m.grants.get(id)
        if (!g || g.usedAt) return false
        m.grants.set(id, { ...g, usedAt: now })
        return true
      },
      revokeFamily: async (familyId: string, now: Date) => {
        for (const g of m.grants.values()) if (g.familyId === familyId && !g.usedAt) m.grants.set(g.id, { ...g, usedAt: now })
      },
      revokeClient: async (clientId: string, now: Date) => {
        for (const g of m.grants.values()) if (g.clientId === clientId && !g.usedAt) m.grants.set(g.id, { ...g, usedAt: now })
      },
    },
    documents: {
      list: async (kind: DocumentKind, orgId: string) => ofOrg(m.documents.values(), orgId).filter((d) => d.kind === kind),
      listAll: async (kind: DocumentKind) => [...m.documents.values()].filter((d) => d.kind === kind),
      get: async (kind: DocumentKind, orgId: string, id: string) => {
        const doc = m.documents.get(`${kind}:${id}`)
        return doc?.orgId === orgId ? doc : undefined
      },
      put: async (doc: StoredDocument) => m.documents.set(`${doc.kind}:${doc.id}`, doc).get(`${doc.kind}:${doc.id}`)!,
      insertMany: async (docs: readonly StoredDocument[]) => { for (const doc of docs) m.documents.set(`${doc.kind}:${doc.id}`, doc) },
      replaceIf: async (doc: StoredDocument, expected: Record<string, unknown> | undefined) => {
        const current = m.documents.get(`${doc.kind}:${doc.id}`)
        if (JSON.stringify(current?.body) !== JSON.stringify(expected)) return false
        m.documents.set(`${doc.kind}:${doc.id}`, doc)
        return true
      },
      delete: async (kind: DocumentKind, orgId: string, id: string) => m.documents.get(`${kind}:${id}`)?.orgId === orgId && m.documents.delete(`${kind}:${id}`),
    },
    moduleTypes: {
      list: async (orgId: string) => ofOrg(m.types.values(), orgId),
      get: async (orgId: string, id: string) => ofOrg(m.types.values(), orgId).find((t) => t.id === id),
      create: async (type: StoredModuleType) => m.types.set(type.id, type).get(type.id)!,
      update: async (orgId: string, id: string, definition: Record<string, unknown>, now: Date) => {
        const type = m.types.get(id)
        if (type?.orgId !== orgId) return undefined
        m.types.set(id, { ...type, definition, updatedAt: now })
        return m.types.get(id)
      },
      delete: async (orgId: string, id: string) => m.types.get(id)?.orgId === orgId && m.types.delete(id),
    },
    moduleInstances: {
      list: async (orgId: string, filter?: InstanceFilter) => instances(orgId, filter),
      get: async (orgId: string, id: string) => instances(orgId).find((i) => i.id === id),
      create: async (instance: ModuleInstance) => m.instances.set(instance.id, instance).get(instance.id)!,
      update: async (instance: ModuleInstance) => {
        if (m.instances.get(instance.id)?.orgId !== instance.orgId) return undefined
        m.instances.set(instance.id, instance)
        return instance
      },
      delete: async (orgId: string, id: string) => m.instances.get(id)?.orgId === orgId && m.instances.delete(id),
    },
    judgements: {
      add: async (j: IntelJudgement) => { m.judgements.push(j) },
      replaceForInstance: async (orgId: string, instanceId: string, list: IntelJudgement[]) => {
        m.judgements = [...m.judgements.filter((j) => j.orgId !== orgId || j.moduleInstanceId !== instanceId), ...list]
      },
      deleteForInstance: async (orgId: string, instanceId: string) => {
        m.judgements = m.judgements.filter((j) => j.orgId !== orgId || j.moduleInstanceId !== instanceId)
      },
      deleteAll: async (orgId: string) => {
        const before = m.judgements.length
        m.judgements = m.judgements.filter((j) => j.orgId !== orgId)
        return before - m.judgements.length
      },
    },
  }
}

/** A context for region NAM with one org (`org-a`, user `user-a`) and whatever the test adds to `memory`. */
export function memoryContext(): { ctx: CtrContext; memory: MemoryStore } {
  const memory: MemoryStore = { orgs: new Map(), users: new Map(), types: new Map(), instances: new Map(), judgements: [], documents: new Map(), oauthClients: new Map(), grants: new Map() }
  memory.orgs.set('org-a', { id: 'org-a', name: 'Acme', createdAt: NOW, updatedAt: NOW })
  memory.users.set('user-a', { id: 'user-a', orgId: 'org-a', email: 'admin@acme.test', name: 'Acme admin', role: 'admin', createdAt: NOW, updatedAt: NOW })
  const ctx: CtrContext = {
    // Only the parts of the store the use cases call are faked; the rest of CtrStore is Prisma's.
    store: fakeStore(memory) as unknown as CtrStore,
    clock: { now: () => NOW },
    random: seededRandom('test'),
    builtinTypes: withCiscoRelayTypes(builtinModuleTypes('NAM'), 'NAM'),
    relayPolicy: new RelayUrlPolicy('127.0.0.1,relay.example'),
  }
  return { ctx, memory }
}
