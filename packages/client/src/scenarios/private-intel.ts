// Private intelligence in an investigation: a judgement an integration stores through the SDK's private_intel
// appears in the next CTR investigation of its observable, from the built-in Private Intelligence module, in its
// region only.
import type { EnrichObserveResponse, Observable } from '@ctrmock/types'
import { expect, expectEqual, step, type Scenario } from './runner.ts'

const MODULE = 'Private Intelligence'
const OBSERVABLE: Observable = { type: 'domain', value: 'malicious.ctrmock.test' }

/** What the Private Intelligence module answered in an enrich result. */
function fromPrivateIntel(result: EnrichObserveResponse): Record<string, { docs?: Array<Record<string, unknown>> } | undefined> | undefined {
  return result.data?.find((d) => d.module === MODULE)?.data as Record<string, { docs?: Array<Record<string, unknown>> } | undefined> | undefined
}

export const privateIntelInvestigation: Scenario = {
  name: 'private-intel-investigation',
  description: 'A Malicious judgement posted to private intelligence (POST /ctia/judgement) shows in the next CTR NAM investigation of its domain from the Private Intelligence module, with its verdict; CTR EU does not see it.',
  steps: [
    step('CTR NAM lists the built-in Private Intelligence module type', async ({ tenant }) => {
      const type = await tenant.ctr.moduleTypeByTitle(MODULE)
      expectEqual(type.default_name, MODULE, 'default name')
    }),
    step(`private intelligence (NAM): post a Malicious judgement of ${OBSERVABLE.value}`, async ({ tenant, state }) => {
      const judgement = await tenant.intelFor('AMERICAS').postJudgement({
        observable: OBSERVABLE, disposition: 2, disposition_name: 'Malicious', source: 'ctrmock scenario', reason: 'Known phishing domain',
      })
      expect(/^https?:\/\/[^/]+\/ctia\/judgement\/judgement-[0-9a-f-]{36}$/.test(judgement.id), `judgement id "${judgement.id}"`)
      state.judgementId = judgement.id
      expectEqual((await tenant.intelFor('AMERICAS').verdict(OBSERVABLE))?.disposition_name, 'Malicious', 'verdict in private intelligence')
    }),
    step('CTR NAM investigation: Private Intelligence answers the judgement and a Malicious verdict', async ({ tenant, state }) => {
      const { result } = await tenant.ctr.investigate(`Is ${OBSERVABLE.value} bad?`)
      const data = fromPrivateIntel(result)
      expect(data, `${MODULE} in the investigation (errors: ${JSON.stringify(result.errors)})`)
      expect((data.judgements?.docs ?? []).some((j) => j.id === state.judgementId), `the posted judgement among ${JSON.stringify(data.judgements?.docs?.map((j) => j.id))}`)
      expectEqual(data.verdicts?.docs?.map((v) => v.disposition_name), ['Malicious'], 'verdicts')
    }),
    step('CTR NAM deliberate: the verdict is Malicious', async ({ tenant }) => {
      const data = fromPrivateIntel(await tenant.ctr.deliberate([OBSERVABLE]))
      expectEqual(data?.verdicts?.docs?.map((v) => v.disposition_name), ['Malicious'], 'deliberate verdicts')
    }),
    step('CTR EU investigation: Private Intelligence (EU) has no judgement of it', async ({ tenant }) => {
      const { result } = await tenant.ctrEu.investigate(`Is ${OBSERVABLE.value} bad?`)
      expectEqual(result.errors ?? [], [], 'errors')
      const data = fromPrivateIntel(result) ?? {}
      expectEqual([data.judgements, data.verdicts], [undefined, undefined], 'judgements and verdicts in EU')
    }),
  ],
}
