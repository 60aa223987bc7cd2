// Raw HTTP for hostile requests: node:http sends the path, headers and bytes exactly as given (fetch would normalise
// "/a/../b", refuse odd headers and add its own content type).
import http from 'node:http'

export interface RawRequest {
  method: string
  path: string
  headers?: Record<string, string | string[]>
  body?: string | Buffer
}

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
  /** The parsed body when it is JSON, else undefined. */
  json: unknown
}

// Kept-alive connections, but a hostile request may rightly cost its connection (a 431, a 413 before the body is
// read): a request that fails on a reused socket the server had closed is retried once on a fresh connection, so
// only a request the server drops on a fresh connection counts as no answer.
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 })

export function send(baseUrl: string, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return once(baseUrl, req, timeoutMs, agent).catch((error: Error & { reused?: boolean }) => {
    if (error.reused) return once(baseUrl, req, timeoutMs, false)
    throw error
  })
}

function once(baseUrl: string, req: RawRequest, timeoutMs: number, via: http.Agent | false): Promise<RawResponse> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = { ...req.headers }
    if (req.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['content-length'] = String(Buffer.byteLength(req.body))
    }
    const request = http.request({
      host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: via, timeout: timeoutMs,
    }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (c: Buffer) => chunks.push(c))
      response.on('error', reject)
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown
        if ((response.headers['content-type'] ?? '').includes('json')) {
          try { json = JSON.parse(text) } catch { json = undefined }
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json })
      })
    })
    request.on('timeout', () => request.destroy(new Error(`timeout after ${timeoutMs} ms: ${req.method} ${req.path.slice(0, 120)}`)))
    request.on('error', (error: Error & { reused?: boolean }) => {
      error.reused = request.reusedSocket
      reject(error)
    })
    if (req.body !== undefined) request.write(req.body)
    request.end()
  })
}

/** Runs `work` over `items` with at most `concurrency` in flight, in order of the items. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]!, i)
    }
  }))
  return results
}
