import t from 'tap'
import {
  createSwaggerContract, formatContractErrors, loadSwagger, operations, validateRequest, validateResponse,
} from '../../src/contract/swagger.ts'

const INSPECT = '/iroh/iroh-inspect/inspect'
const OBSERVE = '/iroh/iroh-enrich/observe/observables'

// cisco-api.md §1.5, the observe envelope as IROH returns it (one module with a verdict and a judgement).
const observeEnvelope = {
  data: [
    {
      module: 'Talos Intelligence',
      module_instance_id: '0e0b9f0e-6a56-4c49-a3d9-4d9b0b3f3d11',
      module_type_id: 'a14ae422-01b6-5013-9876-695ff1b0ebe0',
      module_instance_state: 'active',
      data: {
        verdicts: {
          count: 1,
          docs: [
            {
              type: 'verdict',
              disposition: 1,
              disposition_name: 'Clean',
              observable: { type: 'domain', value: 'cisco.com' },
              valid_time: { start_time: '2020-04-28T21:58:56.926Z', end_time: '2020-05-28T21:58:56.926Z' },
              judgement_id: 'transient:f7e85f0e-judgement',
            },
          ],
        },
        judgements: {
          count: 1,
          docs: [
            {
              id: 'transient:f7e85f0e-judgement',
              type: 'judgement',
              schema_version: '1.0.16',
              observable: { value: 'cisco.com', type: 'domain' },
              source: 'Talos Intelligence',
              disposition: 1,
              disposition_name: 'Clean',
              priority: 90,
              confidence: 'High',
              severity: 'None',
              tlp: 'white',
              reason: 'Good Talos Intelligence reputation score',
              source_uri: 'https://talosintelligence.com/reputation_center/lookup?search=cisco.com',
              valid_time: { start_time: '2020-04-28T21:58:56.926Z', end_time: '2020-05-28T21:58:56.926Z' },
            },
          ],
        },
        sightings: { count: 0, docs: [] },
      },
    },
  ],
  errors: [
    {
      module: 'Slow Module',
      module_instance_id: '5b4f3e1c-0000-4000-8000-000000000001',
      module_type_id: '5b4f3e1c-0000-4000-8000-000000000002',
      code: 'too many requests',
      message: 'Rate limit exceeded',
      type: 'fatal',
    },
  ],
}

t.test('loads the reduced IROH specs shipped in the repository', async (t) => {
  const spec = loadSwagger('iroh-inspect')
  t.equal(spec.swagger, '2.0')
  t.equal(spec.info.version, '1.0.107')
  t.same(
    operations(spec).map((op) => `${op.method} ${op.path}`),
    ['POST /iroh/iroh-inspect/inspect'],
  )
  const int = operations('iroh-int.json').map((op) => `${op.method} ${op.path}`)
  t.ok(int.includes('PATCH /iroh/iroh-int/module-instance/{id}'))
  t.ok(int.includes('GET /iroh/iroh-int/module-instance'))
})

t.test('an inspect answer with typed observables matches the contract', async (t) => {
  const body = [
    { type: 'domain', value: 'cisco.com' },
    { type: 'ip', value: '1.1.1.1' },
  ]
  t.same(validateResponse('iroh-inspect', 'POST', INSPECT, 200, body), [])
})

t.test('an inspect answer missing `value` or with a wrong type breaks the contract', async (t) => {
  const missing = validateResponse('iroh-inspect', 'POST', INSPECT, 200, [{ type: 'domain' }])
  t.same(missing, [{ in: 'body', pointer: '/0', message: "must have required property 'value'" }])

  const wrongType = validateResponse('iroh-inspect', 'POST', INSPECT, 200, [{ type: 'domain', value: 42 }])
  t.same(wrongType, [{ in: 'body', pointer: '/0/value', message: 'must be string' }])

  const unknownType = validateResponse('iroh-inspect', 'POST', INSPECT, 200, [{ type: 'dns', value: 'x' }])
  t.equal(unknownType.length, 1)
  t.match(unknownType[0], { pointer: '/0/type', message: /^must be one of: / })

  const extra = validateResponse('iroh-inspect', 'POST', INSPECT, 200, [{ type: 'ip', value: '1.1.1.1', x: 1 }])
  t.same(extra, [{ in: 'body', pointer: '/0', message: "must NOT have additional property 'x'" }])

  const notArray = validateResponse('iroh-inspect', 'POST', INSPECT, 200, { type: 'ip', value: '1.1.1.1' })
  t.same(notArray, [{ in: 'body', pointer: '', message: 'must be array' }])
})

t.test('IROH error bodies are checked against the documented status', async (t) => {
  const unauthorized = { error: 'invalid_request', error_description: 'No JWT found in HTTP Authorization header' }
  t.same(validateResponse('iroh-inspect', 'POST', INSPECT, 401, unauthorized), [])
  t.same(validateResponse('iroh-inspect', 'POST', INSPECT, 400, { content: 'missing-required-key' }), [])
  const forbidden = {
    error: 'missing_scope',
    error_description: 'You do not have the required credentials to access this route.',
    'missing-scopes': ['inspect:read'],
    'required-scopes': ['inspect:read'],
    scopes: [],
  }
  t.same(validateResponse('iroh-inspect', 'POST', INSPECT, 403, forbidden), [])
  t.match(validateResponse('iroh-inspect', 'POST', INSPECT, 418, {}), [
    { in: 'status', message: 'status 418 is not documented (documented: 200, 400, 401, 403, 500)' },
  ])
})

t.test('the observe envelope of cisco-api.md §1.5 matches the enrich contract', async (t) => {
  const errors = validateResponse('iroh-enrich', 'POST', OBSERVE, 200, observeEnvelope)
  t.same(errors, [], formatContractErrors(errors))
})

t.test('an observe envelope with a broken sighting names the field', async (t) => {
  const broken: { data: { data: { [plural: string]: unknown } }[] } = structuredClone(observeEnvelope)
  broken.data[0]!.data.sightings = {
    count: 1,
    docs: [{ id: 'transient:sighting-1', type: 'sighting', schema_version: '1.3.29', count: '1', confidence: 'High' }],
  }
  const errors = validateResponse('iroh-enrich', 'POST', OBSERVE, 200, broken)
  t.match(errors, [
    { pointer: '/data/0/data/sightings/docs/0', message: "must have required property 'observed_time'" },
    { pointer: '/data/0/data/sightings/docs/0/count', message: 'must be integer' },
  ])
  t.equal(errors.length, 2)
})

t.test('path templates resolve with their parameters, most literal first', async (t) => {
  const contract = createSwaggerContract()
  const found = contract.findOperation('iroh-int', 'patch', '/iroh/iroh-int/module-instance/abc%2F1?x=1')
  t.equal(found?.entry.path, '/iroh/iroh-int/module-instance/{id}')
  t.same(found?.params, { id: 'abc/1' })
  t.equal(contract.findOperation('iroh-int', 'GET', '/iroh/iroh-int/module-instance/')?.entry.path,
    '/iroh/iroh-int/module-instance')
  const trigger = contract.findOperation('iroh-response', 'POST', '/iroh/iroh-response/respond/trigger/m-1/block')
  t.same(trigger?.params, { 'module-instance-id': 'm-1', 'action-id': 'block' })
  t.equal(contract.findOperation('iroh-int', 'PUT', '/iroh/iroh-int/module-instance/abc'), undefined)
  t.match(validateResponse('iroh-int', 'GET', '/iroh/iroh-int/nothing', 200, {}), [{ in: 'operation' }])
})

t.test('module instances are checked with their nullable and open-ended settings', async (t) => {
  const instance = {
    id: 'f1b7f4f2-1111-4222-8333-444455556666',
    name: 'Email Security Appliance',
    module_type_id: 'esa-module-type',
    org_id: 'org-1',
    user_id: 'user-1',
    enabled: true,
    visibility: 'org',
    created_at: '2024-01-01T10:00:00.000Z',
    settings: { 'registered-device': 'esa03', 'request-timeframe': 30, nested: { list: ['a', true, 1.5] } },
  }
  t.same(validateResponse('iroh-int', 'GET', '/iroh/iroh-int/module-instance/x', 200, instance), [])
  t.match(
    validateResponse('iroh-int', 'GET', '/iroh/iroh-int/module-instance/x', 200, { ...instance, visibility: 'team' }),
    [{ pointer: '/visibility', message: 'must be one of: global, org, user' }],
  )
  t.same(validateRequest('iroh-int', 'PATCH', '/iroh/iroh-int/module-instance/x', {
    body: { enabled: null, parent_id: null, name: 'renamed' },
  }), [])
  t.same(validateRequest('iroh-int', 'PATCH', '/iroh/iroh-int/module-instance/x', { body: { enabled: 'yes' } }), [
    { in: 'body', pointer: '/enabled', message: 'must be boolean,null' },
  ])
  const badSetting = validateRequest('iroh-int', 'POST', '/iroh/iroh-int/module-instance', {
    body: { name: 'n', module_type_id: 't', visibility: 'org', settings: { timeframe: null } },
  })
  t.equal(badSetting.length, 1, formatContractErrors(badSetting))
  t.match(badSetting[0], { pointer: '/settings/timeframe', message: /^must match one of the alternatives \(/ })
  t.same(validateResponse('iroh-int', 'DELETE', '/iroh/iroh-int/module-instance/x', 204, ''), [])
})

t.test('requests are checked: body, typed query parameters, required parameters', async (t) => {
  t.same(validateRequest('iroh-inspect', 'POST', INSPECT, { body: { content: 'cisco.com' } }), [])
  t.same(validateRequest('iroh-inspect', 'POST', INSPECT, { body: { text: 'cisco.com' } }), [
    { in: 'body', pointer: '', message: "must have required property 'content'" },
    { in: 'body', pointer: '', message: "must NOT have additional property 'text'" },
  ])
  t.same(validateRequest('iroh-inspect', 'POST', INSPECT), [
    { in: 'body', pointer: '', message: 'request body is required' },
  ])
  t.same(validateRequest('iroh-enrich', 'POST', `${OBSERVE}?mids=a&mids=b`, {
    body: [{ type: 'email_subject', value: 'test test' }],
  }), [])
  t.same(validateRequest('iroh-int', 'GET', '/iroh/iroh-int/module-instance', {
    query: { limit: '10', enabled: 'true', sort_order: 'asc' },
  }), [])
  t.same(validateRequest('iroh-int', 'GET', '/iroh/iroh-int/module-instance', {
    query: 'limit=ten&enabled=yes',
  }), [
    { in: 'query', pointer: 'enabled', message: 'must be boolean' },
    { in: 'query', pointer: 'limit', message: 'must be integer' },
  ])
  t.same(validateRequest('iroh-enrich', 'GET', '/iroh/iroh-enrich/reputation/observable', { query: { type: 'ip' } }), [
    { in: 'query', pointer: 'value', message: 'required query parameter is missing' },
  ])
})
