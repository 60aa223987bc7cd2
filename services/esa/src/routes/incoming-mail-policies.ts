// An incoming mail policy's user entries over the AsyncOS API, /config/incoming_mail_policies/{policy}/
// senders_and_recipients, as the XSOAR Cisco ESA integration and the Splunk SOAR Cisco ESA app list, add and
// replace them; and the control plane's POST /__mock/incoming-mail-policies, which adds a policy.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { IncomingMailPolicyCreate, IncomingMailPolicyCreated, IncomingMailPolicyUserInput, IncomingMailPolicyUsersResponse } from '@ctrmock/types'
import { CHANGE_MESSAGES } from '../domain/config-lists.ts'
import { policyNamed, withUserAdded, withUsersReplaced, type IncomingMailPolicy } from '../domain/incoming-mail-policies.ts'
import { addIncomingMailPolicy } from '../domain/appliance-provisioning.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth } from './auth.ts'
import { configAccess } from './config-access.ts'
import { CONFIG_CHANGED as changed, dataOf, namedConfigSchema as named } from './schemas.ts'

const USERS = '/esa/api/v2.0/config/incoming_mail_policies/:name/senders_and_recipients'
const KIND = 'incoming_mail_policy'

async function policyUserRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.addHook('onRequest', applianceAuth(wiring))
  const policies = configAccess(wiring)

  app.get(USERS, { schema: named("An incoming mail policy's user entries", { response: { 200: IncomingMailPolicyUsersResponse } }) }, async (request) => {
    const { users } = policyNamed(await policies.list<IncomingMailPolicy>(request, KIND), request.params.name)
    return { meta: { count: users.length }, data: users }
  })
  app.post(USERS, { schema: named('Adds a user entry to an incoming mail policy', { body: dataOf(IncomingMailPolicyUserInput), response: changed }) }, async (request, reply) =>
    policies.change<IncomingMailPolicy>(request, reply, KIND, (current) => ({ entries: withUserAdded(current, request.params.name, request.body.data) }), CHANGE_MESSAGES.added))
  app.put(USERS, { schema: named("Replaces an incoming mail policy's user entries", { body: dataOf(Type.Array(IncomingMailPolicyUserInput, { maxItems: 1000 })), response: changed }) }, async (request, reply) =>
    policies.change<IncomingMailPolicy>(request, reply, KIND, (current) => ({ entries: withUsersReplaced(current, request.params.name, request.body.data) }), CHANGE_MESSAGES.updated))
}

async function policyControlRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  app.post('/__mock/incoming-mail-policies', {
    schema: { tags: ['control plane'], summary: 'Adds an incoming mail policy to an appliance (the default one unless named)', body: IncomingMailPolicyCreate, response: { 201: IncomingMailPolicyCreated } },
  }, async (request, reply) => reply.code(201).send(await addIncomingMailPolicy(wiring.store, request.body)))
}

export async function incomingMailPolicyRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  await fastify.register(policyUserRoutes, wiring)
  await fastify.register(policyControlRoutes, wiring)
}
