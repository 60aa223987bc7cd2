// POST /esa/api/v2.0/login (base64 userName/passphrase → jwtToken) and GET /login/privileges (cisco-api.md §5.3).
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { AsyncosLoginRequest, AsyncosLoginResponse } from '@ctrmock/types'
import { decodeBase64Field, login } from '../domain/api-auth.ts'
import type { EsaWiring } from '../wiring.ts'
import { applianceAuth, applianceOf } from './auth.ts'

const TAGS = ['AsyncOS API']
const PRIVILEGES = [
  'e_message_tracking_messages', 'e_message_tracking_detail', 'e_message_tracking_amp_details',
  'e_message_tracking_connection_details', 'e_config_cloud_service_settings',
]

export async function loginRoutes(fastify: FastifyInstance, wiring: EsaWiring): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()

  app.post('/esa/api/v2.0/login', {
    schema: {
      tags: TAGS, summary: 'Log in: base64 userName and passphrase → jwtToken (send it back as the jwtToken header)',
      body: AsyncosLoginRequest, response: { 200: AsyncosLoginResponse },
    },
  }, async (request) => {
    const userName = decodeBase64Field('userName', request.body.data.userName)
    const passphrase = decodeBase64Field('passphrase', request.body.data.passphrase)
    const result = await login(wiring.store.appliances, wiring.clockOf, userName, passphrase)
    request.org = result.appliance.orgId
    return { data: { userName: result.userName, is2FactorRedirectRequired: 'false', role: result.role, jwtToken: result.jwtToken } }
  })

  app.get('/esa/api/v2.0/login/privileges', {
    onRequest: applianceAuth(wiring),
    schema: {
      tags: TAGS, summary: 'The privileges of the logged-in user',
      response: { 200: Type.Object({ data: Type.Array(Type.String()) }) },
    },
  }, async (request) => {
    applianceOf(request)
    return { data: PRIVILEGES }
  })
}
