// CTR NAM's Private Intelligence module type has the id Cisco's cloud gives it; instances stored under the id it had
// before keep working, since the migration moves them to the new id.
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'tap'
import { applyMigrations, defaultMigrationsDir } from '@ctrmock/kit/db'
import { createTestDatabase } from '@ctrmock/kit/testing'
import { builtinModuleTypeId } from '../../src/domain/builtin-module-types.ts'

const MIGRATION = '20261208050000_ctr_private_intel_type_id'
const CISCO_ID = '2c8b4134-c521-5be5-aaf8-af06e5e27cbb'
const EARLIER_ID = 'eb5a43b1-543e-5d5e-a92b-780f578a204a'

test('NAM\'s Private Intelligence type is Cisco\'s id; EU keeps an id of its own', async (t) => {
  t.equal(builtinModuleTypeId('private-intel', 'NAM'), CISCO_ID)
  t.not(builtinModuleTypeId('private-intel', 'EU'), CISCO_ID, 'a region\'s built-in types have ids of its own')
})

test('instances stored under the earlier id move to Cisco\'s; others stay as they are', async (t) => {
  const before = await mkdtemp(path.join(tmpdir(), 'ctr-migrations-'))
  t.teardown(() => rm(before, { recursive: true, force: true }))
  await cp(defaultMigrationsDir, before, { recursive: true, filter: (source) => path.basename(source) !== MIGRATION })
  const { prisma, url } = await createTestDatabase(t, { migrationsDir: before })

  const at = new Date('2026-03-02T10:00:00.000Z')
  const instance = (id: string, moduleTypeId: string) => ({
    id, orgId: 'org-a', userId: 'user-a', clientId: 'client-a', moduleTypeId, name: id, enabled: true, visibility: 'org', settings: {}, createdAt: at, updatedAt: at,
  })
  await prisma.moduleInstance.createMany({ data: [instance('pi', EARLIER_ID), instance('relay', 'a14ae422-01b6-5013-9876-695ff1b0ebe0')] })

  t.same(await applyMigrations(url), { applied: [MIGRATION] })
  const types = Object.fromEntries((await prisma.moduleInstance.findMany()).map((row) => [row.id, row.moduleTypeId]))
  t.same(types, { pi: CISCO_ID, relay: 'a14ae422-01b6-5013-9876-695ff1b0ebe0' })
})
