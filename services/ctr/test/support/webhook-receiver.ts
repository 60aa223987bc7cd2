// A webhook's target for CTR's tests: a real HTTP server that keeps every call (its path, headers and JSON body)
// and answers with the status it is told.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TeardownHost } from '@ctrmock/kit/testing'

export interface ReceivedCall {
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Record<string, unknown>
}

export interface WebhookReceiver {
  url: string
  calls: ReceivedCall[]
  /** The status the next calls get. */
  status: number
}

export async function startWebhookReceiver(t: TeardownHost): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', calls: [], status: 200 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      receiver.calls.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') })
      res.writeHead(receiver.status, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return receiver
}
