// Network > Cloud Service Settings as an API (ctrmock's own; the GUI's texts): read, edit, commit, abandon, register,
// deregister. Registration itself runs in the background runner; this only records the request and kicks it.
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import {
  CloudRegistrationRequest, CloudServiceActionResponse, CloudServiceSettingsEdit, CloudServiceSettingsResponse,
  CommitRequest, ESA_SERVER_LABELS,
} from '@ctrmock/types'
import {
  abandonChanges, commitChanges, deregister, editSettings, requestRegistration, settingsView, type Decision,
} from '../domain/cloud-service-settings.ts'
import type { Appliance } from '../domain/appliances.ts'
import { notFound } from '../domain/errors.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth, applianceOf } from './auth.ts'

const TAGS = ['Cloud Service Settings']
const BASE = '/esa/api/v2.0/config'
const action = { 200: CloudServiceActionResponse }

export async function cloudServiceSettingsRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))

  /** Applies a decision to the locked settings row and answers with its banner and the page as it now reads. */
  async function act(appliance: Appliance, decide: Parameters<typeof wiring.store.cloudServiceSettings.transition<Decision>>[1]) {
    const out = await wiring.store.cloudServiceSettings.transition(appliance.id, decide)
    if (!out) throw notFound(`Appliance ${appliance.id} no longer exists.`)
    const released = out.result.released
    if (released) {
      wiring.runner.stop(appliance.id)
      void wiring.runner.release(released)
    }
    return { out, data: { message: out.result.message, settings: settingsView(out.settings, wiring.clockOf(appliance.orgId).now()) } }
  }

  app.get(`${BASE}/cloud_service_settings`, {
    schema: { tags: TAGS, summary: 'Network > Cloud Service Settings as the page reads now', response: { 200: CloudServiceSettingsResponse } },
  }, async (request) => {
    const appliance = applianceOf(request)
    const settings = await wiring.store.cloudServiceSettings.get(appliance.id)
    if (!settings) throw notFound(`Appliance ${appliance.id} no longer exists.`)
    return { data: settingsView(settings, wiring.clockOf(appliance.orgId).now()) }
  })

  app.put(`${BASE}/cloud_service_settings`, {
    schema: {
      tags: TAGS, summary: 'Edit Settings → Submit: enable Threat Response and pick its server (pending until committed)',
      body: CloudServiceSettingsEdit, response: action,
    },
  }, async (request) => {
    const appliance = applianceOf(request)
    const availableServers = wiring.sse.availableLabels(ESA_SERVER_LABELS)
    const { data } = await act(appliance, (s) => editSettings(s, request.body, { asyncosVersion: appliance.asyncosVersion, availableServers }))
    return { data }
  })

  app.post(`${BASE}/commit`, {
    // The comment is optional, and so is the whole body.
    preValidation: async (request) => { request.body ??= {} },
    schema: { tags: TAGS, summary: 'Commit Changes (optional comment)', body: CommitRequest, response: action },
  }, async (request) => {
    const appliance = applianceOf(request)
    const now = wiring.clockOf(appliance.orgId).now()
    const { data } = await act(appliance, (s) => commitChanges(s, request.body?.comment, now, wiring.config.CLOUD_BUSY_SECONDS))
    return { data }
  })

  app.post(`${BASE}/abandon`, {
    schema: { tags: TAGS, summary: 'Abandon Changes: drop the uncommitted edit', response: action },
  }, async (request) => {
    const { data } = await act(applianceOf(request), abandonChanges)
    return { data }
  })

  app.post(`${BASE}/cloud_service_settings/register`, {
    schema: {
      tags: TAGS, summary: 'Register with a registration token (the runner then calls SSE: INPROGRESS → REGISTERED or FAILED)',
      body: CloudRegistrationRequest, response: action,
    },
  }, async (request) => {
    const appliance = applianceOf(request)
    const now = wiring.clockOf(appliance.orgId).now()
    const { data } = await act(appliance, (s) => requestRegistration(s, request.body.token.trim(), now))
    wiring.runner.kick(appliance.id)
    return { data }
  })

  app.post(`${BASE}/cloud_service_settings/deregister`, {
    schema: { tags: TAGS, summary: 'Deregister from the Cisco Threat Response portal (or cancel a registration in progress)', response: action },
  }, async (request) => {
    const { data } = await act(applianceOf(request), deregister)
    return { data }
  })
}
