// The ESA agent as its administrator and mail senders see it: Cloud Service Settings, message tracking, the Spam
// Quarantine, SMTP.
import nodemailer from 'nodemailer'
import type {
  CloudRegistrationState, CloudServiceSettings, CloudServiceActionResponse, CloudServiceSettingsResponse, EsaServerLabel, ListEntriesResponse,
  ListView, QuarantineList,
} from '@ctrmock/types'
import { HttpService, type Query } from './http.ts'
import { ControlPlaneClient } from './control-plane.ts'

export type RegistrationState = CloudRegistrationState
export type { CloudServiceSettings }

/** An appliance hosted by the ESA agent (the default one, or one made for a test suite). */
export interface Appliance {
  applianceId?: string
  hostname?: string
  username: string
  password: string
  smtp?: { username: string; password: string }
}

export interface MailInput {
  from?: string
  to?: string | string[]
  subject: string
  text?: string
  attachments?: Array<{ filename: string; content: string | Buffer }>
  messageId?: string
  /** Extra headers, e.g. `{ 'X-Advertisement': 'spam' }`: Cisco's test header the Spam Quarantine holds mail for. */
  headers?: Record<string, string>
}

/** A message the Spam Quarantine holds, as its search lists it. */
export interface QuarantinedMessage {
  mid: number
  attributes: { envelopeRecipient: string[]; toAddress: string[]; subject: string; date: string; fromAddress: string[]; size: string }
}

const QUARANTINE = '/esa/api/v2.0/quarantine'
const EVER = { startDate: '1970-01-01T00:00:00.000Z', endDate: '9999-12-31T23:59:00.000Z' }

export class EsaClient {
  readonly http: HttpService
  readonly control: ControlPlaneClient

  constructor(readonly baseUrl: string, readonly appliance: Appliance, readonly smtpPort = 2525, service = 'esa') {
    const basic = Buffer.from(`${appliance.username}:${appliance.password}`).toString('base64')
    this.http = new HttpService(service, baseUrl, async () => ({ authorization: `Basic ${basic}` }))
    this.control = new ControlPlaneClient(service, baseUrl)
  }

  async settings(): Promise<CloudServiceSettings> {
    return (await this.http.json<CloudServiceSettingsResponse>('GET', '/esa/api/v2.0/config/cloud_service_settings')).data
  }

  /** Edit Settings → tick Enable, choose the server, Submit (pending until commit). */
  async editSettings(input: { enabled: boolean; server?: EsaServerLabel }): Promise<CloudServiceSettings> {
    return (await this.#action('PUT', '/esa/api/v2.0/config/cloud_service_settings', input)).settings
  }

  /** Commit Changes; returns the banner ("Success - Your changes have been committed."). */
  async commit(comment?: string): Promise<string> {
    return (await this.#action('POST', '/esa/api/v2.0/config/commit', comment ? { comment } : {})).message
  }

  async abandon(): Promise<string> {
    return (await this.#action('POST', '/esa/api/v2.0/config/abandon', {})).message
  }

  async register(token: string): Promise<CloudServiceSettings> {
    return (await this.#action('POST', '/esa/api/v2.0/config/cloud_service_settings/register', { token })).settings
  }

  async deregister(): Promise<CloudServiceSettings> {
    return (await this.#action('POST', '/esa/api/v2.0/config/cloud_service_settings/deregister', {})).settings
  }

  async #action(method: string, path: string, body: unknown): Promise<CloudServiceActionResponse['data']> {
    return (await this.http.json<CloudServiceActionResponse>(method, path, { body })).data
  }

  /** Polls the settings page until the registration reaches one of `states`. */
  async waitForState(states: RegistrationState[], timeoutMs = 15_000): Promise<CloudServiceSettings> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const settings = await this.settings()
      if (states.includes(settings.registrationState)) return settings
      if (Date.now() > deadline) throw new Error(`ESA stayed ${settings.registrationState} ("${settings.status}"), expected ${states.join(' or ')}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** Monitor > Message Tracking, through the AsyncOS REST API. */
  searchMessages<T = Array<{ attributes: Record<string, unknown> }>>(query: Query): Promise<{ meta: { totalCount: number }; data: T }> {
    return this.http.json('GET', '/esa/api/v2.0/message-tracking/messages', { query })
  }

  /** Spam Quarantine > search (every date unless the query gives a window); newest first. */
  spamQuarantine(query: Query = {}): Promise<{ meta: { totalCount: number }; data: QuarantinedMessage[] }> {
    return this.http.json('GET', `${QUARANTINE}/messages`, { query: { quarantineType: 'spam', ...EVER, ...query } })
  }

  /** Releases held messages to their recipients; resolves with how many were held. */
  async releaseQuarantined(mids: number[]): Promise<number> {
    return (await this.http.json<{ data: { totalCount: number } }>('POST', `${QUARANTINE}/messages`, { body: { action: 'release', mids, quarantineType: 'spam' } })).data.totalCount
  }

  /** Deletes held messages; resolves with how many were held. */
  async deleteQuarantined(mids: number[]): Promise<number> {
    return (await this.http.json<{ data: { totalCount: number } }>('DELETE', `${QUARANTINE}/messages`, { body: { mids, quarantineType: 'spam' } })).data.totalCount
  }

  /** The safelist or blocklist, one row per recipient (or per sender). */
  listEntries(list: QuarantineList, viewBy: ListView = 'recipient', query: Query = {}): Promise<ListEntriesResponse> {
    return this.http.json('GET', `${QUARANTINE}/${list}`, { query: { action: 'view', quarantineType: 'spam', viewBy, ...query } })
  }

  /** Adds senders to each recipient's safelist or blocklist (`append`), or makes them its whole list (`edit`). */
  async listSenders(list: QuarantineList, recipients: string[], senders: string[], action: 'add' | 'append' | 'edit' = 'add'): Promise<void> {
    await this.http.json('POST', `${QUARANTINE}/${list}`, { body: { action, quarantineType: 'spam', viewBy: 'recipient', recipientAddresses: recipients, senderList: senders } })
  }

  /** Sends a real mail through the appliance's SMTP listener (authenticated as the appliance when it has SMTP credentials). */
  async sendMail(mail: MailInput, host = new URL(this.baseUrl).hostname): Promise<string> {
    const transport = nodemailer.createTransport({
      host, port: this.smtpPort, secure: false, ignoreTLS: true,
      ...(this.appliance.smtp ? { auth: { user: this.appliance.smtp.username, pass: this.appliance.smtp.password } } : {}),
    })
    try {
      const info = await transport.sendMail({
        from: mail.from ?? 'sender@example.com', to: mail.to ?? 'user@example.com', subject: mail.subject,
        text: mail.text ?? 'ctrmock test message', attachments: mail.attachments, ...(mail.messageId ? { messageId: mail.messageId } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
      })
      return info.messageId
    } finally {
      transport.close()
    }
  }
}
