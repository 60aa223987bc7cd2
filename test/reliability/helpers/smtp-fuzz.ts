// SMTP garbage against the ESA's listener: each case is one connection with a script of raw writes. Whatever is
// sent, the listener must answer with a 4xx/5xx reply (or hang up) and never store a mail it did not accept.
import net from 'node:net'
import { SCALE, type SeededRandom } from './random.ts'

export interface SmtpStep {
  /** Raw bytes to write (CRLF included where wanted). */
  send: string | Buffer
  /** 'reject': the reply must be 4xx/5xx or the server must hang up; 'any': anything but silence or a crash. */
  expect: 'reject' | 'any' | 'none'
}

export interface SmtpCase {
  label: string
  steps: SmtpStep[]
  /** Hang up ourselves at the end (mid-transaction) instead of sending QUIT. */
  abort?: boolean
}

const r = (send: string | Buffer): SmtpStep => ({ send, expect: 'reject' })
const a = (send: string | Buffer): SmtpStep => ({ send, expect: 'any' })
const n = (send: string | Buffer): SmtpStep => ({ send, expect: 'none' })
const ehlo = a('EHLO fuzz.example\r\n')
const b64 = (s: string) => Buffer.from(s).toString('base64')

export function smtpCases(random: SeededRandom, maxMessageBytes: number, appliance: { username: string; password: string }): SmtpCase[] {
  const cases: SmtpCase[] = [
    { label: 'unknown command', steps: [ehlo, r('FROB the widget\r\n')] },
    { label: 'HELO without a name', steps: [r('HELO\r\n')] },
    { label: 'EHLO without a name', steps: [r('EHLO\r\n')] },
    { label: 'MAIL before EHLO', steps: [r('MAIL FROM:<a@example.com>\r\n')] },
    { label: 'RCPT before MAIL', steps: [ehlo, r('RCPT TO:<a@example.com>\r\n')] },
    { label: 'DATA before RCPT', steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), r('DATA\r\n')] },
    { label: 'MAIL without FROM:', steps: [ehlo, r('MAIL <a@example.com>\r\n')] },
    { label: 'malformed sender', steps: [ehlo, r('MAIL FROM:<<<a@>>>\r\n')] },
    { label: 'malformed recipient', steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), r('RCPT TO:<@@@>\r\n')] },
    { label: 'SIZE over the limit', steps: [ehlo, r(`MAIL FROM:<a@example.com> SIZE=${maxMessageBytes * 10}\r\n`)] },
    { label: 'SIZE not a number', steps: [ehlo, r('MAIL FROM:<a@example.com> SIZE=lots\r\n')] },
    { label: 'unknown MAIL parameter', steps: [ehlo, a('MAIL FROM:<a@example.com> X-EVIL=1\r\n')] },
    { label: 'second MAIL in a transaction', steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), r('MAIL FROM:<b@example.com>\r\n')] },
    { label: 'STARTTLS (not offered)', steps: [ehlo, r('STARTTLS\r\n')] },
    { label: 'BDAT (not offered)', steps: [ehlo, r('BDAT 10 LAST\r\n')] },
    { label: 'VRFY', steps: [ehlo, a('VRFY root\r\n')] },
    { label: 'EXPN', steps: [ehlo, r('EXPN staff\r\n')] },
    { label: 'AUTH unknown mechanism', steps: [ehlo, r('AUTH CRAM-SHA1\r\n')] },
    { label: 'AUTH PLAIN not base64', steps: [ehlo, r('AUTH PLAIN !!!***\r\n')] },
    { label: 'AUTH PLAIN wrong password', steps: [ehlo, r(`AUTH PLAIN ${b64(`\0${appliance.username}\0${appliance.password}x`)}\r\n`)] },
    { label: 'AUTH PLAIN unknown user', steps: [ehlo, r(`AUTH PLAIN ${b64('\0nobody\0nothing')}\r\n`)] },
    { label: 'AUTH PLAIN empty', steps: [ehlo, r(`AUTH PLAIN ${b64('\0\0')}\r\n`)] },
    { label: 'AUTH PLAIN huge', steps: [ehlo, r(`AUTH PLAIN ${b64(`\0${'u'.repeat(3000)}\0${'p'.repeat(3000)}`)}\r\n`)] },
    { label: 'AUTH LOGIN garbage answers', steps: [ehlo, a('AUTH LOGIN\r\n'), a('%%%\r\n'), r('%%%\r\n')] },
    { label: 'AUTH LOGIN cancelled', steps: [ehlo, a('AUTH LOGIN\r\n'), r('*\r\n')] },
    { label: 'AUTH twice', steps: [ehlo, a(`AUTH PLAIN ${b64(`\0${appliance.username}\0${appliance.password}`)}\r\n`), r(`AUTH PLAIN ${b64('\0a\0b')}\r\n`)] },
    { label: 'line far too long', steps: [r(`EHLO ${'a'.repeat(100_000)}\r\n`)] },
    { label: 'NUL bytes in a command', steps: [r('EH\0LO fuzz\r\n')] },
    { label: 'binary noise', steps: [r(Buffer.concat([Buffer.from([0, 1, 2, 255, 254, 128, 27]), Buffer.from('\r\n')]))] },
    { label: 'unicode command', steps: [r('ÉHLO 😀\r\n')] },
    { label: 'unicode sender without SMTPUTF8', steps: [ehlo, a('MAIL FROM:<ñandú@ejemplo.es>\r\n')] },
    { label: 'bare LF line endings', steps: [a('EHLO fuzz\n'), r('FROB\n')] },
    { label: 'HTTP request on the SMTP port', steps: [r('GET / HTTP/1.1\r\nHost: x\r\n\r\n')] },
    { label: 'TLS ClientHello on the SMTP port', steps: [r(Buffer.concat([Buffer.from('16030100a5010000a10303', 'hex'), Buffer.from('\r\n')]))] },
    { label: 'pipelined garbage', steps: [ehlo, r('FROB\r\nMAIL FROM:<>\r\nVRFY x\r\nFROB AGAIN\r\n')] },
    { label: 'too many recipients', steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), ...Array.from({ length: 100 }, (_, i) => a(`RCPT TO:<r${i}@example.com>\r\n`)), r('RCPT TO:<one-too-many@example.com>\r\n')] },
    { label: 'message over the size limit', steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), a('RCPT TO:<b@example.com>\r\n'), a('DATA\r\n'), r(`Subject: big\r\n\r\n${'x'.repeat(maxMessageBytes + 4096)}\r\n.\r\n`)] },
    { label: 'hang-up in the middle of DATA', abort: true, steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), a('RCPT TO:<b@example.com>\r\n'), a('DATA\r\n'), n('Subject: half a mail\r\n\r\nnever finished')] },
    { label: 'hang-up after RCPT', abort: true, steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), a('RCPT TO:<b@example.com>\r\n')] },
    { label: 'RSET then DATA', steps: [ehlo, a('MAIL FROM:<a@example.com>\r\n'), a('RCPT TO:<b@example.com>\r\n'), a('RSET\r\n'), r('DATA\r\n')] },
  ]
  for (let i = 0; i < 20 * SCALE; i++) {
    const noise = random.string(random.int(1, 300), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ:<>@. \t\u0000\u00ff-=%')
    cases.push({ label: `random command #${i}`, steps: [ehlo, r(`${noise}\r\n`)] })
  }
  return cases
}

interface Conversation {
  replies: string[]
  closed: boolean
}

/** Plays one case on a fresh connection; returns a failure description or undefined. */
export async function playSmtpCase(port: number, c: SmtpCase, stepTimeoutMs = 3_000): Promise<string | undefined> {
  const socket = net.connect(port, '127.0.0.1')
  const state: Conversation = { replies: [], closed: false }
  let buffer = ''
  let waiting: (() => void) | undefined
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1')
    // A reply is complete at a line "NNN text" (a space, not a dash, after the code).
    for (;;) {
      const end = buffer.search(/^\d{3}(?: [^\r\n]*)?\r?\n/m)
      if (end < 0) break
      const lineEnd = buffer.indexOf('\n', end)
      state.replies.push(buffer.slice(end, lineEnd).trim())
      buffer = buffer.slice(lineEnd + 1)
    }
    waiting?.()
  })
  socket.on('close', () => { state.closed = true; waiting?.() })
  socket.on('error', () => { state.closed = true; waiting?.() })
  const nextReply = (seen: number) => new Promise<string | 'closed' | 'silence'>((resolve) => {
    const done = () => {
      if (state.replies.length > seen) { clearTimeout(timer); resolve(state.replies[seen]!) } else if (state.closed) { clearTimeout(timer); resolve('closed') }
    }
    const timer = setTimeout(() => { waiting = undefined; resolve('silence') }, stepTimeoutMs)
    waiting = done
    done()
  })
  try {
    const greeting = await nextReply(0)
    if (!greeting.startsWith('220')) return `${c.label}: greeting "${greeting}"`
    for (const step of c.steps) {
      const seen = state.replies.length
      if (state.closed) return step.expect === 'reject' ? undefined : `${c.label}: the server hung up early`
      socket.write(step.send)
      if (step.expect === 'none') continue
      // A write of several lines is judged by its first reply (the rest are answered too, and must not crash it).
      const reply = await nextReply(seen)
      if (reply === 'silence') return `${c.label}: no reply to ${JSON.stringify(String(step.send).slice(0, 60))}`
      if (step.expect === 'reject' && reply !== 'closed' && !/^[45]\d\d/.test(reply)) return `${c.label}: accepted with "${reply}"`
      if (step.expect === 'any' && reply !== 'closed' && /^5\d\d/.test(reply) && c.steps.indexOf(step) === 0) return `${c.label}: setup refused with "${reply}"`
    }
    return undefined
  } finally {
    if (!c.abort && !state.closed) socket.write('QUIT\r\n')
    socket.destroy()
  }
}
