// A webhook's target for cross-service tests: a real HTTP server on a free port that keeps every JSON body CTR posts
// to it, with the Authorization header it came with.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TeardownHost } from '@ctrmock/kit/testing'

export interface WebhookCall<T> {
  authorization?: string
  body: T
}

export async function startWebhookReceiver<T = Record<string, unknown>>(t: TeardownHost): Promise<{ url: string, calls: Array<WebhookCall<T>> }> {
  const calls: Array<WebhookCall<T>> = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => { body += chunk.toString() })
    req.on('end', () => {
      calls.push({ ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), body: JSON.parse(body) })
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }
}
