// A small real ESA device endpoint for CTR's tests: POST <callbackUrl>/messages/search (DeviceMessageSearch →
// DeviceMessageSearchResult, the brief's contract), reached through the fake SSE's proxy with an HS256 JWT.
import Fastify, { type FastifyInstance } from 'fastify'
import { listen, verifyHs256 } from '@ctrmock/kit'
import type { DeviceMessageSearch, TrackedMessage } from '@ctrmock/types'

export interface FakeEsaDevice {
  callbackUrl: string
  secret: string
  messages: TrackedMessage[]
  searches: DeviceMessageSearch[]
  /** Makes the next searches wait this long (ms) before answering. */
  delayMs: number
  app: FastifyInstance
  close(): Promise<void>
}

function matches(message: TrackedMessage, type: string, value: string): boolean {
  const v = value.toLowerCase()
  switch (type) {
    case 'email_subject': return message.subject.toLowerCase() === v
    case 'cisco_mid': return String(message.mid) === value
    case 'email': return [message.sender, message.from, ...message.recipients].some((a) => a.toLowerCase() === v)
    case 'email_messageid': return message.messageId === value
    case 'ip': return message.senderIp === value
    case 'domain': return message.sender.toLowerCase().endsWith(`@${v}`)
    case 'sha256': return message.attachments.some((a) => a.sha256.toLowerCase() === v)
    case 'file_name': return message.attachments.some((a) => a.fileName === value)
    default: return false
  }
}

export async function startFakeEsaDevice(secret = 'device-secret-0123456789abcdef'): Promise<FakeEsaDevice> {
  const app = Fastify({ logger: false })
  const state = { messages: [] as TrackedMessage[], searches: [] as DeviceMessageSearch[], delayMs: 0 }
  app.post<{ Body: DeviceMessageSearch }>('/sse/v1/appliances/esa-1/messages/search', async (request, reply) => {
    try {
      verifyHs256(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '', secret, new Date(), { audience: 'device' })
    } catch {
      return reply.code(401).send({ error: { message: 'Bad device token', code: '401', explanation: '401 = No permission -- see authorization schemes.' } })
    }
    const search = request.body
    state.searches.push(search)
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs))
    const start = Date.parse(search.startTime)
    const end = Date.parse(search.endTime)
    const found = state.messages
      .filter((m) => Date.parse(m.timestamp) >= start && Date.parse(m.timestamp) <= end)
      .filter((m) => search.observables.some((o) => matches(m, o.type, o.value)))
      .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))
      .slice(0, search.limit ?? 100)
    return { messages: found }
  })
  const url = await listen(app, 0)
  const device: FakeEsaDevice = {
    callbackUrl: `${url}/sse/v1/appliances/esa-1`, secret, app,
    get messages() { return state.messages },
    set messages(m) { state.messages = m },
    get searches() { return state.searches },
    set searches(s) { state.searches = s },
    get delayMs() { return state.delayMs },
    set delayMs(ms) { state.delayMs = ms },
    close: () => app.close(),
  }
  return device
}

export function trackedMessage(overrides: Partial<TrackedMessage> = {}): TrackedMessage {
  return {
    mid: 1619, icid: 1350, hostname: 'esa03.mex-amp.inlab', serialNumber: '4229C2E5A39C5B6A1C12-0F0D3D2A1B7C',
    direction: 'incoming', senderIp: '192.0.2.10', sender: 'sender@example.com', recipients: ['user1@isc.com'],
    from: 'sender@example.com', subject: 'test test', messageId: '<123-abc-456@example.com>', attachments: [],
    deliveryStatus: 'Delivered', lastState: 'Message 1619 delivered', timestamp: '2026-03-02T09:30:00.000Z',
    ...overrides,
  }
}
