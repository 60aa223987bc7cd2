// What a suite sees when a call fails: a refused registration as the page shows it, a vendor 4xx as a typed error
// carrying the vendor's code, and an unreachable service as a connection error naming the service and its URL.
import { createServer } from 'node:net'
import t from 'tap'
import { Cloud, CtrClient, CtrmockApiError, CtrmockConnectionError, EsaClient } from '../src/index.ts'
import { REGISTRATION_FAILED_MESSAGE } from '../src/scenarios/texts.ts'
import { startTestStack } from '../../../test/helpers/stack.ts'

const { cloud } = await startTestStack(t)
await cloud.waitReady()

/** A URL where nothing listens: a port the system handed out, then closed. */
async function closedUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call
  } catch (error) {
    return error
  }
  throw new Error('the call succeeded')
}

t.test('a token from the other region: the registration ends FAILED with the tech note\'s message', async (t) => {
  const tenant = await cloud.createTenant()
  await tenant.enableThreatResponse('AMERICAS')
  const europeToken = (await tenant.sseEurope.generateTokens(1, '1h')).tokens[0]!.token
  const outcome = await tenant.registerEsa('AMERICAS', europeToken)
  t.equal(outcome.state, 'FAILED')
  t.match(outcome.status, REGISTRATION_FAILED_MESSAGE)
  t.equal((await tenant.sseAmericas.devices()).total, 0, 'no device was created')
})

t.test('integrateEsa rejects with the registration\'s outcome when SSE refuses the token', async (t) => {
  const tenant = await cloud.createTenant()
  const sse = cloud.controlPlanes['sse-americas']
  const fault = await sse.addFault({ match: { method: 'POST', path: '/device/v1/registrations' }, action: { type: 'error', status: 401 }, times: 1 })
  t.teardown(() => sse.deleteFault(fault.id).catch(() => {}))
  const error = await failure(tenant.integrateEsa('AMERICAS'))
  t.type(error, Error)
  t.match((error as Error).message, /^registration ended FAILED/)
  t.same((await tenant.ctr.moduleInstances()).map((m) => m.name), ['Private Intelligence'], 'no CTR module was added beside the org\'s default one')
})

t.test('a vendor 4xx is a CtrmockApiError with the status, the body and the vendor\'s code', async (t) => {
  const tenant = await cloud.createTenant()
  const wrongSecret = new CtrClient(cloud.urls.ctr, { ...tenant.namOrg, clientPassword: 'not-the-secret' })
  const iroh = await failure(wrongSecret.accessToken())
  t.type(iroh, CtrmockApiError)
  t.match(iroh, { service: 'ctr', method: 'POST', path: '/iroh/oauth2/token', status: 400, code: 'invalid_client' })
  t.match((iroh as CtrmockApiError).body, { error: 'invalid_client', error_description: String }, 'IROH answers bad credentials with a 400')

  const unregistered = await failure(tenant.ctr.createModuleInstance({
    name: 'Email Security Appliance', module_type_id: (await tenant.ctr.moduleTypeByTitle('Email Security Appliance')).id,
    settings: { device: 'not-registered', timeframe: 30 },
  }))
  t.match(unregistered, { status: 400, code: 'invalid_request', message: /not a registered device/ }, 'the description is in the message')

  const wrongPassword = new EsaClient(cloud.urls.esa, { ...tenant.appliance, password: 'not-the-password' }, cloud.urls.smtpPort)
  const asyncos = await failure(wrongPassword.settings())
  t.type(asyncos, CtrmockApiError)
  t.match(asyncos, { service: 'esa', status: 401 })
  t.match((asyncos as CtrmockApiError).body, { error: { message: String, code: '401', explanation: String } }, 'the AsyncOS error shape')
  t.equal((asyncos as CtrmockApiError).code, (asyncos as CtrmockApiError & { body: { error: { message: string } } }).body.error.message)
})

t.test('a service that is down or a wrong base URL is a CtrmockConnectionError naming the service and the URL', async (t) => {
  const url = await closedUrl()
  const wrongCtr = new Cloud({ ...cloud.urls, ctr: url })
  const error = await failure(wrongCtr.createTenant())
  t.type(error, CtrmockConnectionError)
  t.match(error, { service: 'ctr', url })
  t.match((error as Error).message, `ctr: cannot reach ${url}`)
})
