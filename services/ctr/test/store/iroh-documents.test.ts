// The documents store on real Postgres: a conditional write wins only against the body it read, so of two replicas
// moving the same cursor one does; listAll reads every org's documents of a kind in the order they were written; a
// batch written together keeps its order.
import { test } from 'tap'
import { createTestDatabase } from '@ctrmock/kit/testing'
import { irohDocumentStore, type StoredDocument } from '../../src/store/iroh-documents.ts'

const at = new Date('2026-03-02T10:00:00.000Z')
const cursor = (orgId: string, after: unknown[]): StoredDocument => ({ kind: 'ctia-event-cursor', id: orgId, orgId, body: { after }, createdAt: at, updatedAt: at })

test('replaceIf: the first writer of a version wins, the others learn they lost', async (t) => {
  const { prisma } = await createTestDatabase(t)
  const documents = irohDocumentStore(prisma)
  t.equal(await documents.replaceIf(cursor('org-a', [1, 'e1']), undefined), true, 'created where there was none')
  t.equal(await documents.replaceIf(cursor('org-a', [1, 'e9']), undefined), false, 'a second creation loses')
  t.equal(await documents.replaceIf(cursor('org-a', [2, 'e2']), { after: [1, 'e1'] }), true, 'moved on from the body read')
  t.equal(await documents.replaceIf(cursor('org-a', [3, 'e3']), { after: [1, 'e1'] }), false, 'a writer that read the old body loses')
  t.same((await documents.get('ctia-event-cursor', 'org-a', 'org-a'))?.body, { after: [2, 'e2'] })
  t.equal(await documents.replaceIf(cursor('org-b', [2, 'e2']), { after: [1, 'e1'] }), false, 'another org\'s document is not there to replace')

  await documents.replaceIf(cursor('org-c', [5]), undefined)
  t.same((await documents.listAll('ctia-event-cursor')).map((d) => d.orgId), ['org-a', 'org-c'], 'every org\'s, in the order written')
})

test('insertMany: thousands of documents of one instant are listed in the order given', async (t) => {
  const { prisma } = await createTestDatabase(t)
  const documents = irohDocumentStore(prisma)
  const ids = Array.from({ length: 2_500 }, (_, i) => `e-${(i * 7919) % 2_500}`)
  await documents.insertMany(ids.map((id) => ({ kind: 'event', id, orgId: 'org-a', body: { id }, createdAt: at, updatedAt: at })))
  t.same((await documents.list('event', 'org-a')).map((d) => d.id), ids, 'across statements, as recorded')
})
