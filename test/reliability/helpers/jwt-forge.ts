// Hand-made JWTs for attacks on the verifiers: no library, so nothing "helpfully" refuses to build a bad token.
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto'

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

export function rs256(privateKeyPem: string, header: Record<string, unknown>, claims: unknown): string {
  const input = `${b64({ typ: 'JWT', ...header })}.${b64(claims)}`
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKeyPem).toString('base64url')}`
}

export function hs256(secret: string, claims: unknown, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', ...header })}.${b64(claims)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** `alg: none` with an empty signature, the classic bypass. */
export function unsigned(claims: unknown, header: Record<string, unknown> = {}): string {
  return `${b64({ alg: 'none', typ: 'JWT', ...header })}.${b64(claims)}.`
}

/** The token's claims replaced, its original signature kept. */
export function tampered(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))
  return `${header}.${b64(change(claims))}.${signature}`
}

export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'))
}

let strangerKey: string | undefined
/** A private key nobody trusts (generated once per process). */
export function strangerPrivateKey(): string {
  strangerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  return strangerKey
}

/** The shapes of broken bearer values every verifier must refuse, whatever its algorithm. */
export const MALFORMED_BEARERS: Record<string, string> = {
  'empty bearer': '',
  'garbage bearer': 'not-a-jwt',
  'two segments': 'eyJhbGciOiJSUzI1NiJ9.e30',
  'four segments': 'a.b.c.d',
  'bad base64': '%%%.###.$$$',
  'header not JSON': `${Buffer.from('{alg').toString('base64url')}.e30.sig`,
  'header null': `${Buffer.from('null').toString('base64url')}.e30.sig`,
  'header array': `${Buffer.from('[1]').toString('base64url')}.e30.sig`,
  'kid is an object': `${b64({ alg: 'RS256', kid: { a: 1 } })}.e30.sig`,
  'alg is an array': `${b64({ alg: ['RS256'], kid: 'x' })}.e30.sig`,
  'payload not JSON': `${b64({ alg: 'RS256', kid: 'x' })}.${Buffer.from('{').toString('base64url')}.sig`,
  // UTF-8 bytes on the wire (node:http sends header strings as Latin-1).
  'unicode token': Buffer.from('ü.ñ.😀').toString('latin1'),
  'very long token': `${'a'.repeat(6000)}.${'b'.repeat(6000)}.c`,
}
