import t from 'tap'
import { supportsThreatResponse } from '../../src/domain/appliances.ts'
import { commitChanges, editSettings, registrationState, type CloudSettingsRecord } from '../../src/domain/cloud-service-settings.ts'
import { asyncosTimestamp, parseAsyncosDate } from '../../src/domain/message-tracking.ts'
import { addressOf, normalizeMessageId } from '../../src/domain/tracked-messages.ts'

const factory: CloudSettingsRecord = {
  applianceId: 'a', orgId: 'o', enabled: false, serverLabel: null, hasPendingChanges: false, pendingEnabled: false,
  pendingServerLabel: null, committedAt: null, commitComment: null, busyUntil: null, registrationStatus: 'NONE',
  registrationToken: null, registrationServerLabel: null, registrationRequestedAt: null, registrationAttempts: 0,
  lastRegistrationError: null, deviceId: null, deviceSecret: null, deviceRegion: null, heartbeatIntervalSeconds: null,
  registeredAt: null, lastHeartbeatAt: null, lastHeartbeatError: null,
}

t.test('the Threat Response prerequisite is AsyncOS 13.0 or later', async (t) => {
  t.ok(supportsThreatResponse('13.0.0-392'))
  t.ok(supportsThreatResponse('13.0.0-314'))
  t.ok(supportsThreatResponse('14.3.0-032'))
  t.notOk(supportsThreatResponse('12.5.0-066'))
  t.notOk(supportsThreatResponse('11.1'))
})

t.test('the busy phase ends exactly CLOUD_BUSY_SECONDS after the commit', async (t) => {
  const at = new Date('2026-03-02T10:00:00.000Z')
  const edited = { ...factory, ...editSettings(factory, { enabled: true }, { asyncosVersion: '13.0.0-392', availableServers: ['AMERICAS (api-sse.cisco.com)'] }).patch }
  const committed = { ...edited, ...commitChanges(edited, 'Enabling CTR', at, 5).patch }
  t.equal(registrationState(committed, new Date(at.getTime() + 4_999)), 'BUSY')
  t.equal(registrationState(committed, new Date(at.getTime() + 5_000)), 'NOT_REGISTERED')
  t.equal(committed.commitComment, 'Enabling CTR')
})

t.test('AsyncOS dates: the clients\' form, and impossible dates refused', async (t) => {
  t.equal(parseAsyncosDate('startDate', '2020-05-14T13:42:00.000Z').toISOString(), '2020-05-14T13:42:00.000Z')
  t.equal(parseAsyncosDate('startDate', '2020-05-14T13:42').toISOString(), '2020-05-14T13:42:00.000Z', 'no zone means UTC')
  t.equal(parseAsyncosDate('startDate', '2020-05-14T15:42:00+02:00').toISOString(), '2020-05-14T13:42:00.000Z')
  for (const bad of ['2020-02-30T00:00:00Z', '2020-13-01T00:00:00Z', '14 May 2020', '', '2020-05-14']) {
    t.throws(() => parseAsyncosDate('startDate', bad), { message: /Invalid startDate/ }, bad)
  }
  t.equal(asyncosTimestamp(new Date('2020-05-04T03:02:01.999Z')), '04 May 2020 03:02:01 (GMT +00:00)')
})

t.test('addresses and Message-IDs compare the way AsyncOS filters them', async (t) => {
  t.equal(addressOf('Billing Dept <Billing@Evil.Example>'), 'billing@evil.example')
  t.equal(addressOf('plain@x.com'), 'plain@x.com')
  t.equal(normalizeMessageId(' <123-ABC-456@cisco.com> '), '123-abc-456@cisco.com')
})
