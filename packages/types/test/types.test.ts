import t from 'tap'
import { Value } from '@sinclair/typebox/value'
import {
  AsyncOsError, ClockUpdate, CTIM_SCHEMA_VERSION, CTR_REGION_CATALOG, DISPOSITION_BY_NAME, DISPOSITIONS,
  EnrichObserveResponse, FaultRule, IROH_CLAIMS, IrohAccessTokenClaims, IrohError, IrohMissingScopeError, Judgement,
  MessageTrackingSearchResponse, Observable, OBSERVABLE_TYPES, observableTypeLabel, pairedCtrRegion, pairedSseRegion,
  RelayErrorEnvelope, RelayTriggerRequest, Sighting, SSE_REGION_CATALOG, sseRegionByServerLabel, Verdict,
} from '../src/index.ts'

// cisco-api.md §3.3, a Talos judgement as IROH documents it.
const judgement = {
  id: 'transient:f7e85f0e-5d5e-4b4a-9d3c-000000000001',
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
}

// cisco-api.md §3.2, a relay-style sighting.
const sighting = {
  id: 'transient:sighting-6b2f1c0e-0000-4000-8000-000000000001',
  type: 'sighting',
  schema_version: '1.0.17',
  source: 'Chronicle',
  title: 'Found in Chronicle',
  confidence: 'High',
  internal: true,
  count: 3,
  observables: [{ type: 'domain', value: 'example.com' }],
  observed_time: { start_time: '2024-01-01T10:00:00Z', end_time: '2024-01-01T10:00:00Z' },
  targets: [
    {
      type: 'endpoint',
      observables: [{ type: 'hostname', value: 'pc1' }],
      observed_time: { start_time: '2024-01-01T10:00:00Z', end_time: '2024-01-01T10:00:00Z' },
    },
  ],
  source_uri: 'https://chronicle.example/search?q=example.com',
}

t.test('the reference judgement and sighting are valid CTIM', async (t) => {
  t.ok(Value.Check(Judgement, judgement), JSON.stringify([...Value.Errors(Judgement, judgement)]))
  t.ok(Value.Check(Sighting, sighting), JSON.stringify([...Value.Errors(Sighting, sighting)]))
  t.equal(CTIM_SCHEMA_VERSION, '1.3.29')
})

t.test('a judgement without its required fields or with an unknown disposition is rejected', async (t) => {
  const { priority: _priority, ...noPriority } = judgement
  t.notOk(Value.Check(Judgement, noPriority))
  t.notOk(Value.Check(Judgement, { ...judgement, disposition: 6 }))
  t.notOk(Value.Check(Judgement, { ...judgement, disposition_name: 'Bad' }))
  t.notOk(Value.Check(Judgement, { ...judgement, priority: 101 }))
  t.notOk(Value.Check(Judgement, { ...judgement, confidence: 'high' }))
  t.notOk(Value.Check(Judgement, { ...judgement, type: 'verdict' }))
  t.notOk(Value.Check(Judgement, { ...judgement, observable: { type: 'domain' } }))
})

t.test('a sighting with a negative count, no observed time or a bad instant is rejected', async (t) => {
  t.notOk(Value.Check(Sighting, { ...sighting, count: -1 }))
  t.notOk(Value.Check(Sighting, { ...sighting, count: 1.5 }))
  const { observed_time: _observed, ...noTime } = sighting
  t.notOk(Value.Check(Sighting, noTime))
  t.notOk(Value.Check(Sighting, { ...sighting, observed_time: { start_time: 'yesterday' } }))
  t.notOk(Value.Check(Sighting, { ...sighting, observables: [{ type: 'dns', value: 'example.com' }] }))
  t.notOk(Value.Check(Sighting, { ...sighting, colour: 'red' }))
})

t.test('observables use the CTIM type list and read with their relay labels', async (t) => {
  t.equal(OBSERVABLE_TYPES.length, 63)
  t.ok(Value.Check(Observable, { type: 'cisco_mid', value: '12345' }))
  t.notOk(Value.Check(Observable, { type: 'cisco_mid', value: 12345 }))
  t.equal(observableTypeLabel('cisco_mid'), 'Cisco message ID')
  t.equal(observableTypeLabel('email_messageid'), 'email message ID')
  t.equal(observableTypeLabel('acudid'), 'acudid')
})

t.test('dispositions map between numbers and names both ways', async (t) => {
  for (const [number, name] of Object.entries(DISPOSITIONS)) t.equal(DISPOSITION_BY_NAME[name], Number(number))
})

t.test('verdicts and enrich envelopes accept what IROH sends', async (t) => {
  const verdict = {
    type: 'verdict',
    disposition: 2,
    disposition_name: 'Malicious',
    observable: { type: 'sha256', value: 'a'.repeat(64) },
    valid_time: { start_time: '2024-01-01T00:00:00.000Z', end_time: '2525-01-01T00:00:00.000Z' },
  }
  t.ok(Value.Check(Verdict, verdict))
  const envelope = {
    data: [
      {
        module: 'Email Security Appliance',
        module_instance_id: 'mi-1',
        module_type_id: 'mt-1',
        data: { verdicts: { count: 1, docs: [verdict] }, sightings: { count: 1, docs: [sighting] } },
      },
    ],
    errors: [{ module_instance_id: 'mi-2', module_type_id: 'mt-2', code: 'request timeout', message: 'Request(s) still processing.', type: 'fatal' }],
  }
  t.ok(Value.Check(EnrichObserveResponse, envelope), JSON.stringify([...Value.Errors(EnrichObserveResponse, envelope)]))
  t.notOk(Value.Check(EnrichObserveResponse, { data: [{ ...envelope.data[0], data: { sightngs: { count: 0, docs: [] } } }] }))
})

t.test('error envelopes keep the vendor spelling', async (t) => {
  t.ok(Value.Check(IrohError, { error: 'invalid_request', error_description: 'No JWT found in HTTP Authorization header' }))
  t.ok(Value.Check(IrohMissingScopeError, {
    error: 'missing_scope',
    error_description: 'You do not have the required credentials to access this route.',
    'missing-scopes': ['inspect:read'],
    'required-scopes': ['inspect:read'],
    scopes: [],
    'user-id': 'user1',
    'org-id': 'org1',
    trace_id: 'ctx-43eb882f',
  }))
  t.notOk(Value.Check(IrohMissingScopeError, { error: 'missing_scope', error_description: 'x', missing_scopes: [] }))
  t.ok(Value.Check(RelayErrorEnvelope, {
    errors: [{ type: 'fatal', code: 'authorization error', message: 'Authorization failed: Authorization header is missing' }],
  }))
  t.ok(Value.Check(AsyncOsError, {
    error: { message: 'Missing attribute - startDate or endDate.', code: '404', explanation: '404 = Nothing matches the given URI.' },
  }))
  t.ok(Value.Check(RelayTriggerRequest, { 'action-id': 'block', observable_type: 'ip', observable_value: '1.2.3.4', extra: 'x' }))
  t.notOk(Value.Check(RelayTriggerRequest, { action_id: 'block', observable_type: 'ip', observable_value: '1.2.3.4' }))
})

t.test('regions pair CTR with SSE and resolve the ESA server labels', async (t) => {
  t.equal(pairedSseRegion('NAM'), 'AMERICAS')
  t.equal(pairedSseRegion('EU'), 'EUROPE')
  t.equal(pairedCtrRegion('APJC'), 'APJC')
  t.equal(sseRegionByServerLabel('EUROPE (api.eu.sse.itd.cisco.com)'), 'EUROPE')
  t.equal(sseRegionByServerLabel('AMERICAS (api-sse.cisco.com)'), 'AMERICAS')
  t.equal(sseRegionByServerLabel('NAM (api-sse.cisco.com)'), 'AMERICAS')
  t.equal(sseRegionByServerLabel('EUROPE (api-sse.cisco.com)'), undefined)
  t.equal(SSE_REGION_CATALOG.EUROPE.portalHost, 'admin.eu.sse.itd.cisco.com')
  t.equal(CTR_REGION_CATALOG.EU.visibilityHost, 'visibility.eu.amp.cisco.com')
  t.equal(CTR_REGION_CATALOG.NAM.defaultPort, 7100)
  t.equal(SSE_REGION_CATALOG.EUROPE.defaultPort, 7201)
})

t.test('a message-tracking search page from AsyncOS is accepted', async (t) => {
  const page = {
    meta: { num_bad_records: 0, totalCount: 1 },
    data: [{
      attributes: {
        hostName: '', mid: [1619], isCompleteData: 'N/A', messageStatus: { 1619: 'Dropped By Anti-Virus' },
        recipientMap: { 1619: ['user1@isc.com'] }, senderIp: '1.1.1.1', mailPolicy: ['DEFAULT'],
        senderGroup: 'UNKNOWNLIST', subject: 'virus mail', friendly_from: ['user1@isc.com'], senderDomain: 'isc.com',
        direction: 'incoming', icid: 1350, morDetails: {}, replyTo: 'N/A', timestamp: '31 Jul 2023 15:20:45 (GMT +00:00)',
        messageID: {}, verdictChart: { 1619: '01500000' }, recipient: ['user1@isc.com'], sender: 'user2@isc.com',
        serialNumber: 'EC2C0000000000000000-000000000000', allIcid: [1350], sbrs: 'None',
      },
    }],
  }
  t.ok(Value.Check(MessageTrackingSearchResponse, page), JSON.stringify([...Value.Errors(MessageTrackingSearchResponse, page)]))
})

t.test('control-plane payloads: fault rules and clock updates', async (t) => {
  t.ok(Value.Check(FaultRule, {
    match: { method: 'POST', path: '/iroh/iroh-enrich/observe/observables', region: 'EU' },
    action: { type: 'error', status: 503 },
    probability: 0.5,
    seed: 42,
    times: 3,
  }))
  t.notOk(Value.Check(FaultRule, { match: { path: '/x' }, action: { type: 'explode' } }))
  t.ok(Value.Check(ClockUpdate, { advance: '2h' }))
  t.ok(Value.Check(ClockUpdate, { advance: 7_200_000, freeze: true }))
  t.notOk(Value.Check(ClockUpdate, { advance: 'two hours' }))
})

t.test('IROH token claims are namespaced', async (t) => {
  t.equal(IROH_CLAIMS.orgId, 'https://schemas.cisco.com/iroh/identity/claims/org/id')
  const claims = {
    iss: 'IROH Auth', sub: 'client-1', exp: 1_700_000_600, iat: 1_700_000_000, nbf: 1_699_999_940, jti: 'j-1',
    [IROH_CLAIMS.userId]: 'user-1', [IROH_CLAIMS.orgId]: 'org-1', [IROH_CLAIMS.scopes]: ['inspect:read'],
  }
  t.ok(Value.Check(IrohAccessTokenClaims, claims))
  t.notOk(Value.Check(IrohAccessTokenClaims, { ...claims, [IROH_CLAIMS.orgId]: undefined }))
})
