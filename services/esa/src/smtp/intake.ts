// The appliance's SMTP listener: every accepted mail becomes a tracked message, under the incoming mail policies its
// recipients fall under, and held by the Spam Quarantine when the verdict says so. SMTP AUTH (PLAIN/LOGIN) with an
// appliance's SMTP credentials picks that appliance; without AUTH mail goes to the default appliance. A mail is
// answered 250 only once it is stored: a storage failure answers 451 so the client keeps the mail and retries.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '@ctrmock/kit'
import { credentialKey, type Appliance } from '../domain/appliances.ts'
import { draftFromSmtp, numberMessage, type MailContent } from '../domain/tracked-messages.ts'
import { quarantineDecision, type QuarantinableMail } from '../domain/spam-quarantine.ts'
import { mailPoliciesOf, type IncomingMailPolicy } from '../domain/incoming-mail-policies.ts'
import type { EsaStore } from '../store/index.ts'

export interface SmtpIntakeOptions {
  store: EsaStore
  /** Mail timestamps use the service's time: CTR searches them by its own clock. */
  serviceClock: Clock
  log: FastifyBaseLogger
  /** Shown in the 220 greeting. */
  hostname: string
  defaultApplianceId: string
  maxMessageBytes: number
  /** The certificate STARTTLS presents; without one, STARTTLS is not offered. */
  tls?: { cert: Buffer; key: Buffer }
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code })

function mailContent(parsed: ParsedMail): MailContent & QuarantinableMail {
  const address = (value: ParsedMail['from'] | ParsedMail['replyTo'] | ParsedMail['to']) => (Array.isArray(value) ? value.map((v) => v.text).join(', ') : value?.text)
  const advertisement = parsed.headers.get('x-advertisement')
  return {
    from: address(parsed.from),
    replyTo: address(parsed.replyTo),
    to: address(parsed.to),
    body: parsed.text,
    ...(typeof advertisement === 'string' ? { advertisement } : {}),
    subject: parsed.subject,
    messageId: parsed.messageId,
    attachments: parsed.attachments.map((a, i) => ({ fileName: a.filename || `attachment-${i + 1}`, sha256: a.checksum, size: a.size })),
  }
}

export class SmtpIntake {
  readonly #server: SMTPServer
  // The ICID of each open connection, per appliance (handed out with the connection's first mail).
  readonly #icids = new Map<string, { applianceId: string; icid: number }>()
  // The appliance each open connection talks to: the default one until AUTH picks another.
  readonly #connections = new Map<string, string>()
  #port: number | undefined

  constructor(private readonly o: SmtpIntakeOptions) {
    this.#server = new SMTPServer({
      name: o.hostname,
      banner: 'ESMTP',
      size: o.maxMessageBytes,
      rejectOversized: true,
      authOptional: true,
      authMethods: ['PLAIN', 'LOGIN'],
      // AUTH is allowed before STARTTLS, or without it, as an appliance's listener may be configured to.
      allowInsecureAuth: true,
      ...(o.tls ? { key: o.tls.key, cert: o.tls.cert } : { disabledCommands: ['STARTTLS'] }),
      disableReverseLookup: true,
      maxRecipients: 100,
      closeTimeout: 1_000,
      logger: false,
      onConnect: (session, callback) => {
        this.#connections.set(session.id, o.defaultApplianceId)
        callback()
      },
      onAuth: (auth, session, callback) => {
        this.o.store.appliances.bySmtpCredential(credentialKey(auth.username ?? '', auth.password ?? ''))
          .then((appliance) => {
            if (appliance) this.#connections.set(session.id, appliance.id)
            callback(appliance ? null : smtpError(535, 'Authentication credentials invalid'), appliance ? { user: appliance.id } : undefined)
          })
          .catch((error: unknown) => { this.o.log.error({ err: error }, 'SMTP AUTH lookup failed'); callback(smtpError(454, 'Temporary authentication failure')) })
      },
      onData: (stream, session, callback) => this.#receive(stream, session, callback),
      onClose: (session) => {
        this.#icids.delete(session.id)
        this.#connections.delete(session.id)
      },
    })
    this.#server.on('error', (error) => this.o.log.warn({ err: error }, 'SMTP connection error'))
  }

  /** How many connections are open to the appliance. */
  openConnections(applianceId: string): number {
    let count = 0
    for (const id of this.#connections.values()) if (id === applianceId) count++
    return count
  }

  get port(): number | undefined {
    return this.#port
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error)
      this.#server.server.once('error', onError)
      this.#server.listen(port, host, () => {
        this.#server.server.off('error', onError)
        const address = this.#server.server.address()
        this.#port = typeof address === 'object' && address ? address.port : port
        resolve(this.#port)
      })
    })
  }

  close(): Promise<void> {
    if (!this.#server.server.listening) return Promise.resolve()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }

  #receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void): void {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => { if (!stream.sizeExceeded) chunks.push(chunk) })
    stream.on('end', () => {
      if (stream.sizeExceeded) return callback(smtpError(552, 'Message exceeds fixed maximum message size'))
      this.#store(Buffer.concat(chunks), session).then(
        (mid) => callback(null, `ok:  Message ${mid} accepted`),
        (error: unknown) => {
          this.o.log.error({ err: error }, 'could not store an accepted mail')
          callback(smtpError(451, 'Requested action aborted: local error in processing'))
        },
      )
    })
  }

  async #store(raw: Buffer, session: SMTPServerSession): Promise<number> {
    const { store, serviceClock } = this.o
    const appliance = await store.appliances.get(typeof session.user === 'string' ? session.user : this.o.defaultApplianceId)
    if (!appliance) throw new Error('the appliance of this SMTP session no longer exists')
    // A mail mailparser cannot read is still tracked from its envelope rather than lost.
    const content: MailContent & QuarantinableMail = await simpleParser(raw, { checksumAlgo: 'sha256', skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true })
      .then(mailContent, () => ({ attachments: [] }))
    const icid = await this.#icidFor(session, appliance)
    const envelope = session.envelope
    const draft = draftFromSmtp({
      senderIp: (session.remoteAddress ?? '').replace(/^::ffff:/, ''),
      sender: envelope.mailFrom ? envelope.mailFrom.address : '',
      recipients: envelope.rcptTo.map((r) => r.address),
      size: raw.length,
      receivedAt: serviceClock.now(),
    }, content)
    const policies = await store.configEntries.list<IncomingMailPolicy>(appliance.id, 'incoming_mail_policy')
    const lists = await store.spamQuarantine.listsOf(appliance.id, draft.recipients)
    const routed = { ...draft, mailPolicies: mailPoliciesOf(policies, draft.sender, draft.recipients) }
    const { draft: tracked, held } = quarantineDecision(routed, content, lists, serviceClock.now())
    const record = await store.trackedMessages.record(appliance.id, (mid) => numberMessage(tracked, appliance, mid, icid), held)
    return record.mid
  }

  async #icidFor(session: SMTPServerSession, appliance: Appliance): Promise<number> {
    const known = this.#icids.get(session.id)
    if (known?.applianceId === appliance.id) return known.icid
    const icid = await this.o.store.appliances.nextIcid(appliance.id)
    this.#icids.set(session.id, { applianceId: appliance.id, icid })
    return icid
  }
}
