// POST /ctia/graphql as CTIA answers it: entities by id and by Lucene search in Relay connections, an observable's
// verdict, judgements and sightings, each entity's feedbacks and relationships, and CTIA's 400 with `errors`.
import t from 'tap'
import { pagingOf } from '../../src/routes/graphql/connections.ts'
import { buildTestApp, create, judgement, newOrg, sighting, shortId, T0, type TestIntel } from '../helper.ts'

async function graphql(intel: TestIntel, org: string, query: string, variables?: unknown) {
  const res = await intel.app.inject({ method: 'POST', url: '/ctia/graphql', headers: intel.auth(org), payload: { query, ...(variables !== undefined ? { variables } : {}) } })
  return { status: res.statusCode, body: res.json() }
}

const cursor = (offset: number) => Buffer.from(String(offset)).toString('base64')

t.test('an entity by id, with its observable\'s verdict, its feedbacks and the relationships it is the source of', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const j = await create(intel, org, 'judgement', judgement())
  const indicator = await create(intel, org, 'indicator', { producer: 'ctrmock', title: 'C2 list', timestamp: T0 })
  const casebook = await create(intel, org, 'casebook', { title: 'case', timestamp: T0 })
  await create(intel, org, 'relationship', { source_ref: j.id, target_ref: indicator.id, relationship_type: 'element-of', timestamp: T0 })
  await create(intel, org, 'relationship', { source_ref: j.id, target_ref: casebook.id, relationship_type: 'related-to', timestamp: T0 })
  await create(intel, org, 'feedback', { entity_id: j.id, feedback: -1, reason: 'false positive', timestamp: T0 })

  const { status, body } = await graphql(intel, org, `query J($id: String!) {
    judgement(id: $id) {
      id disposition_name valid_time { start_time end_time } created modified owner groups
      observable { type value verdict { disposition_name judgement { id } } }
      feedbacks { totalCount nodes { feedback reason } }
      relationships(relationship_type: "element-of") {
        totalCount edges { cursor node { relationship_type target_entity { __typename ... on Indicator { title producer } } } }
      }
      all: relationships { totalCount }
      toCasebooks: relationships(target_type: "casebook") { nodes { relationship_type target_entity { __typename } } }
    }
  }`, { id: shortId(j.id) })
  t.equal(status, 200)
  const found = body.data.judgement
  t.equal(found.id, j.id, 'a short id finds the entity; the answer has its long id')
  t.same(found.valid_time, { start_time: T0, end_time: '2525-01-01T00:00:00.000Z' })
  t.equal(found.created, T0, 'record times are DATE scalars, as stored')
  t.equal(found.owner, `user-${org}`)
  t.same(found.groups, [org])
  t.same(found.observable, { type: 'ip', value: '198.51.100.7', verdict: { disposition_name: 'Malicious', judgement: { id: j.id } } })
  t.same(found.feedbacks, { totalCount: 1, nodes: [{ feedback: -1, reason: 'false positive' }] })
  t.same(found.relationships, {
    totalCount: 1,
    edges: [{ cursor: cursor(0), node: { relationship_type: 'element-of', target_entity: { __typename: 'Indicator', title: 'C2 list', producer: 'ctrmock' } } }],
  })
  t.equal(found.all.totalCount, 2, 'without arguments every relationship from the entity')
  t.same(found.toCasebooks.nodes, [{ relationship_type: 'related-to', target_entity: null }], 'a casebook is not one of the Entity union\'s types')

  const missing = await graphql(intel, org, '{ judgement(id: "judgement-00000000-0000-4000-8000-000000000000") { id } }')
  t.same(missing, { status: 200, body: { data: { judgement: null } } }, 'an id the org does not have is null, not an error')
  const elsewhere = await graphql(intel, newOrg(), `{ judgement(id: "${shortId(j.id)}") { id } judgements { totalCount } }`)
  t.same(elsewhere.body.data, { judgement: null, judgements: { totalCount: 0 } }, 'another org sees none of it')
})

t.test('searches are Relay connections: Lucene query, orderBy, first and after', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  for (const [priority, value] of [[90, '198.51.100.1'], [70, '198.51.100.2'], [80, '198.51.100.3']] as const) {
    await create(intel, org, 'judgement', judgement({ priority, observable: { type: 'ip', value } }))
  }
  await create(intel, org, 'judgement', judgement({ source: 'elsewhere', observable: { type: 'domain', value: 'x.example' } }))
  const page = (args: string) => graphql(intel, org, `{ judgements(query: "source:\\"ctrmock tests\\"", orderBy: [{field: PRIORITY, direction: desc}]${args}) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { priority } }
  } }`)

  const first = (await page(', first: 2')).body.data.judgements
  t.equal(first.totalCount, 3, 'the query selects three of the four')
  t.same(first.edges.map((e: { node: { priority: number } }) => e.node.priority), [90, 80], 'ordered by priority, descending')
  t.same(first.pageInfo, { hasNextPage: true, hasPreviousPage: false, startCursor: cursor(0), endCursor: cursor(1) })
  const second = (await page(`, first: 2, after: "${first.pageInfo.endCursor}"`)).body.data.judgements
  t.same(second.edges, [{ cursor: cursor(2), node: { priority: 70 } }], 'after the end cursor comes the rest')
  t.same(second.pageInfo, { hasNextPage: false, hasPreviousPage: true, startCursor: cursor(2), endCursor: cursor(2) })

  const all = await graphql(intel, org, '{ judgements { totalCount nodes { observable { value } } } }')
  t.equal(all.body.data.judgements.totalCount, 4, 'the query defaults to every entity of the family')
  const bad = await graphql(intel, org, '{ judgements(query: "source:(") { totalCount } }')
  t.equal(bad.status, 400, 'a query Lucene cannot parse is an error of the query')
  t.same(bad.body.data, { judgements: null })
})

t.test('an observable: its verdict, judgements and sightings', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const winner = await create(intel, org, 'judgement', judgement({ priority: 95 }))
  await create(intel, org, 'judgement', judgement({ priority: 60, disposition: 3, disposition_name: 'Suspicious' }))
  await create(intel, org, 'sighting', sighting())
  const { body } = await graphql(intel, org, `{ observable(type: "ip", value: "198.51.100.7") {
    type value verdict { disposition disposition_name judgement_id }
    judgements(orderBy: [{field: PRIORITY, direction: asc}]) { totalCount nodes { priority } }
    sightings { totalCount nodes { count observables { value } } }
  } }`)
  t.same(body.data.observable, {
    type: 'ip', value: '198.51.100.7',
    verdict: { disposition: 2, disposition_name: 'Malicious', judgement_id: winner.id },
    judgements: { totalCount: 2, nodes: [{ priority: 60 }, { priority: 95 }] },
    sightings: { totalCount: 1, nodes: [{ count: 1, observables: [{ value: '198.51.100.7' }] }] },
  })
  const none = await graphql(intel, org, '{ observable(type: "ip", value: "192.0.2.1") { verdict { disposition } judgements { totalCount } } }')
  t.same(none.body.data.observable, { verdict: null, judgements: { totalCount: 0 } }, 'an observable nobody judged has no verdict')
})

t.test('an asset lists its asset mappings; an open map is a String of JSON', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const asset = await create(intel, org, 'asset', { asset_type: 'device', valid_time: { start_time: T0 }, source: 'ctrmock tests', title: 'laptop', timestamp: T0 })
  await create(intel, org, 'asset-mapping', {
    asset_type: 'device', valid_time: { start_time: T0 }, stability: 'Managed', observable: { type: 'ip', value: '10.0.0.5' },
    asset_ref: asset.id, source: 'ctrmock tests', specificity: 'Unique', confidence: 'High', timestamp: T0,
  })
  await create(intel, org, 'incident', { confidence: 'High', status: 'New', incident_time: { opened: T0 }, timestamp: T0, title: 'scored', scores: { asset: 3, ttp: 12.5 } })
  const { body } = await graphql(intel, org, `{
    assets { nodes { title asset_mappings { totalCount nodes { observable { value } } } } }
    incidents { nodes { title scores } }
  }`)
  t.same(body.data.assets.nodes, [{ title: 'laptop', asset_mappings: { totalCount: 1, nodes: [{ observable: { value: '10.0.0.5' } }] } }])
  t.same(JSON.parse(body.data.incidents.nodes[0].scores), { asset: 3, ttp: 12.5 })
})

t.test("CTIM's named types: fragments on a weakness's Note, an investigation's targets and external references", async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const headers = intel.auth(org)
  // A weakness's notes take CTIM's {type, note} shape, and a bundle export lists it under `weaknesses`.
  const weakness = await create(intel, org, 'weakness', { description: 'CWE-79', source: 'ctrmock tests', timestamp: T0, notes: [{ type: 'Other', note: 'reflected' }] })
  const exported = await intel.app.inject({ method: 'GET', url: `/ctia/bundle/export?ids=${encodeURIComponent(String(weakness.id))}`, headers })
  t.match(exported.json(), { weaknesses: [{ id: weakness.id }] })
  await create(intel, org, 'investigation', {
    title: 'phish', source: 'ctrmock tests', timestamp: T0,
    targets: [{ type: 'endpoint', os: 'Windows 11', observables: [{ type: 'hostname', value: 'pc-7' }], observed_time: { start_time: T0 } }],
    external_references: [{ source_name: 'ticket', external_id: 'INC-7', url: 'https://tickets.example/INC-7' }],
  })
  const { status, body } = await graphql(intel, org, `query Q($field: InvestigationOrderField = ID, $direction: OrderDirection = asc) {
    weaknesses { nodes { description notes { ...noteFields } } }
    investigations(orderBy: [{field: $field, direction: $direction}]) { nodes { title targets { ...target } external_references { ...reference } } }
  }
  fragment noteFields on Note { type note }
  fragment target on IdentitySpecification { type os observables { value } observed_time { ...observed } }
  fragment observed on ObservedTime { start_time }
  fragment reference on ExternalReference { source_name external_id url }`)
  t.equal(status, 200, JSON.stringify(body))
  t.same(body.data.weaknesses.nodes, [{ description: 'CWE-79', notes: [{ type: 'Other', note: 'reflected' }] }])
  t.same(body.data.investigations.nodes, [{
    title: 'phish',
    targets: [{ type: 'endpoint', os: 'Windows 11', observables: [{ value: 'pc-7' }], observed_time: { start_time: T0 } }],
    external_references: [{ source_name: 'ticket', external_id: 'INC-7', url: 'https://tickets.example/INC-7' }],
  }])
})

t.test('refusals: CTIA\'s 400 with `errors`, or its request validation for a body without a query', async (t) => {
  const intel = await buildTestApp(t)
  const org = newOrg()
  const unknown = await graphql(intel, org, '{ judgements { nope } }')
  t.equal(unknown.status, 400)
  t.match(unknown.body, { errors: [/Cannot query field "nope" on type "JudgementConnection"/] })
  t.notOk('data' in unknown.body, 'a query that does not validate runs nothing')
  const backwards = await graphql(intel, org, `{ judgements(last: 1, before: "${cursor(3)}") { totalCount } }`)
  t.same(backwards.body, { errors: ['cursor-based pagination cannot be forwards AND backwards'], data: { judgements: null } }, '`first` defaults to 50, so paging backwards is refused, as in CTIA')
  const huge = await graphql(intel, org, `{ ${'a: __typename '.repeat(40_000)}}`)
  t.equal(huge.status, 400, 'a query of more than 100,000 tokens is not parsed to its end')
  t.match(huge.body, { errors: [/tokens/] })
  const badVariables = await graphql(intel, org, '{ judgements { totalCount } }', 'id=1')
  t.equal(badVariables.status, 400)
  const noQuery = await intel.app.inject({ method: 'POST', url: '/ctia/graphql', headers: intel.auth(org), payload: { variables: {} } })
  t.equal(noQuery.statusCode, 400)
  t.match(noQuery.json(), { type: 'compojure.api.exception/request-validation', errors: { query: 'missing-required-key' } })
  const anonymous = await intel.app.inject({ method: 'POST', url: '/ctia/graphql', payload: { query: '{ judgements { totalCount } }' } })
  t.equal(anonymous.statusCode, 401, 'a token is needed, as for every /ctia route')
})

t.test("a failure of the service's own is answered as on any route, not as an error of the query", async (t) => {
  let failing = false
  const intel = await buildTestApp(t, {
    wrap: (prisma) => prisma.$extends({ query: { async $allOperations({ args, query }) { if (failing) throw new Error('the database went away'); return query(args) } } }) as unknown as typeof prisma,
  })
  const org = newOrg()
  failing = true
  const rest = await intel.app.inject({ method: 'GET', url: '/ctia/judgement/search?query=*', headers: intel.auth(org) })
  const { status, body } = await graphql(intel, org, '{ judgements { totalCount } }')
  failing = false
  t.ok(rest.statusCode >= 500, `the search route fails (${rest.statusCode})`)
  t.same({ status, body }, { status: rest.statusCode, body: rest.json() }, 'GraphQL answers what the search route answers')
})

t.test('connection arguments become a page as CTIA computes it', async (t) => {
  t.same(pagingOf({ first: 50 }), { forward: true, backward: false, limit: 50, offset: 0 })
  t.same(pagingOf({ first: 10, after: cursor(19) }), { forward: true, backward: false, limit: 10, offset: 20 })
  t.same(pagingOf({ first: 5, after: 'not a cursor' }), { forward: true, backward: false, limit: 5, offset: 1 }, 'a cursor that does not decode reads as 0')
  t.same(pagingOf({ last: 5, before: cursor(12) }), { forward: false, backward: true, limit: 5, offset: 7 })
  t.same(pagingOf({ last: 5, before: cursor(3) }), { forward: false, backward: true, limit: 3, offset: 0 }, 'a page reaching before the first hit is cut short')
  t.same(pagingOf({ first: 2, orderBy: [{ field: 'priority', direction: 'desc' }, { field: 'timestamp', direction: 'asc' }] }).sort_by, 'priority:desc,timestamp:asc')
  t.throws(() => pagingOf({ first: -1 }), /paging limit must be positive/)
  t.throws(() => pagingOf({ last: 2 }), /a 'before' argument is required/)
})
