// Appliances come from two places: the default one (the tech note's esa03, facts from env) and one per
// POST /__mock/orgs, each with its own credentials so parallel test suites never share settings or messages.
import type { EsaOrg, EsaOrgRequest, IncomingMailPolicyCreate, IncomingMailPolicyCreated, TrackedMessageLoad, TrackedMessageLoadResult } from '@ctrmock/types'
import type { Clock } from '@ctrmock/kit/domain'
import type { EsaConfig } from '../config.ts'
import type { EsaStore } from '../store/index.ts'
import { credentialKey, DEFAULT_APPLIANCE_ID, DEFAULT_ORG, deriveSerialNumber, type NewAppliance } from './appliances.ts'
import { invalidInput, notFound } from './errors.ts'
import { draftFromInput, numberMessage } from './tracked-messages.ts'
import type { EsaRandom } from './random.ts'
import { withAdded } from './config-lists.ts'
import { INCOMING_MAIL_POLICY, newPolicy, type IncomingMailPolicy } from './incoming-mail-policies.ts'

/** The default appliance; its SMTP credentials are its admin credentials. */
export function defaultAppliance(config: EsaConfig, random: EsaRandom): NewAppliance {
  const key = credentialKey(config.ESA_ADMIN_USER, config.ESA_ADMIN_PASSWORD)
  return {
    id: DEFAULT_APPLIANCE_ID, orgId: DEFAULT_ORG, hostname: config.ESA_HOSTNAME, model: config.ESA_MODEL,
    asyncosVersion: config.ASYNCOS_VERSION, serialNumber: config.ESA_SERIAL_NUMBER ?? deriveSerialNumber(config.ESA_HOSTNAME),
    ipAddress: config.ESA_IP, adminUser: config.ESA_ADMIN_USER, adminCredential: key, smtpCredential: key,
    apiTokenSecret: random.bytes(32).toString('base64url'),
  }
}

export async function provisionAppliance(store: EsaStore, config: EsaConfig, random: EsaRandom, input: EsaOrgRequest): Promise<EsaOrg> {
  const secret = (bytes: number) => random.bytes(bytes).toString('base64url')
  const applianceId = `esa-${random.bytes(6).toString('hex')}`
  const password = secret(18)
  const smtp = { username: `smtp-${applianceId}`, password: secret(18) }
  const appliance = await store.appliances.create({
    id: applianceId, orgId: input.org ?? applianceId, hostname: input.hostname ?? config.ESA_HOSTNAME, model: config.ESA_MODEL,
    asyncosVersion: input.asyncosVersion ?? config.ASYNCOS_VERSION, serialNumber: input.serialNumber ?? deriveSerialNumber(applianceId),
    ipAddress: config.ESA_IP, adminUser: 'admin', adminCredential: credentialKey('admin', password),
    smtpCredential: credentialKey(smtp.username, smtp.password), apiTokenSecret: secret(32),
  })
  return {
    orgId: appliance.orgId, applianceId, hostname: appliance.hostname, asyncosVersion: appliance.asyncosVersion,
    serialNumber: appliance.serialNumber, username: 'admin', password, smtp,
  }
}

/** POST /__mock/messages: many tracked messages at once; without a timestamp they take the service's time. */
export async function loadTrackedMessages(store: EsaStore, clock: Clock, input: TrackedMessageLoad): Promise<TrackedMessageLoadResult> {
  const applianceId = input.applianceId ?? DEFAULT_APPLIANCE_ID
  const appliance = await store.appliances.get(applianceId)
  if (!appliance) throw notFound(`No appliance ${applianceId} on this agent.`)
  const given = input.messages.flatMap((m) => (m.mid === undefined ? [] : [m.mid]))
  if (new Set(given).size !== given.length) throw invalidInput('Two messages of the load have the same mid.')
  const now = clock.now()
  const drafts = input.messages.map((m) => draftFromInput(m, now))
  const mids = input.messages.length === 0 ? [] : await store.trackedMessages.load(appliance.id, drafts, (d, mid, icid) => numberMessage(d, appliance, mid, icid))
  return { applianceId, created: mids.length, mids }
}

/** POST /__mock/incoming-mail-policies: a new policy, last of the appliance's (above DEFAULT). */
export async function addIncomingMailPolicy(store: EsaStore, input: IncomingMailPolicyCreate): Promise<IncomingMailPolicyCreated> {
  const applianceId = input.applianceId ?? DEFAULT_APPLIANCE_ID
  const appliance = await store.appliances.get(applianceId)
  if (!appliance) throw notFound(`No appliance ${applianceId} on this agent.`)
  const policy = newPolicy(input.name)
  await store.configEntries.change<IncomingMailPolicy>(appliance.id, appliance.orgId, 'incoming_mail_policy', (current) => ({ entries: withAdded(current, policy, INCOMING_MAIL_POLICY) }))
  return { applianceId, name: policy.name }
}
