// A webhook's target for tests: a real HTTP server on a free port that keeps every call CTR makes to it (its path,
// headers and JSON body) and answers with the status it is told.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TeardownHost } from '@ctrmock/kit/testing'

export interface WebhookCall<T> {
  path: string
  headers: IncomingHttpHeaders
  authorization?: string
  body: T
}

export interface WebhookReceiver<T> {
  url: string
  calls: Array<WebhookCall<T>>
  /** The status the next calls get. */
  status: number
}

export async function startWebhookReceiver<T = Record<string, unknown>>(t: TeardownHost): Promise<WebhookReceiver<T>> {
  const receiver: WebhookReceiver<T> = { url: '', calls: [], status: 200 }
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => { body += chunk.toString() })
    req.on('end', () => {
      const { authorization } = req.headers
      receiver.calls.push({ path: req.url ?? '', headers: req.headers, ...(authorization ? { authorization } : {}), body: JSON.parse(body || '{}') })
      res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return receiver
}
