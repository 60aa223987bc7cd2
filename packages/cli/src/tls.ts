// The stack's TLS: one local CA, kept so that a client trusts it once, signs a server certificate for the loopback
// names at each start; every HTTPS listener and the ESA's STARTTLS present that certificate.
import { X509Certificate } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export interface LocalTls {
  /** The CA's certificate (PEM): what a client trusts (REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, curl --cacert). */
  caFile: string
  certFile: string
  keyFile: string
}

interface Pem { cert: string; key: string }

const YEAR_MS = 365 * 24 * 3600 * 1000

/** The CA in `dir` (made when missing or expired) and a server certificate it signs now, as files in `dir`. */
export async function localTls(dir: string, now = new Date()): Promise<LocalTls> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const files = {
    caFile: path.join(dir, 'ca.pem'),
    caKeyFile: path.join(dir, 'ca-key.pem'),
    certFile: path.join(dir, 'server.pem'),
    keyFile: path.join(dir, 'server-key.pem'),
  }
  const ca = (await readValid(files.caFile, files.caKeyFile, now)) ?? await saved(await makeCa(now), files.caFile, files.caKeyFile)
  await saved(await makeServerCertificate(ca, now), files.certFile, files.keyFile)
  return { caFile: files.caFile, certFile: files.certFile, keyFile: files.keyFile }
}

async function readValid(certFile: string, keyFile: string, now: Date): Promise<Pem | undefined> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]).catch(() => [])
  if (!cert || !key) return undefined
  return new Date(new X509Certificate(cert).validTo).getTime() > now.getTime() + YEAR_MS ? { cert, key } : undefined
}

/** Writes the key before the certificate, each through a rename, so a start cut short never leaves a mismatched pair. */
async function saved(pem: Pem, certFile: string, keyFile: string): Promise<Pem> {
  for (const [file, text, mode] of [[keyFile, pem.key, 0o600], [certFile, pem.cert, 0o644]] as const) {
    await writeFile(`${file}.${process.pid}`, text, { mode })
    await rename(`${file}.${process.pid}`, file)
  }
  return pem
}

// A CommonJS package: bundled, its exports are only the default one.
const loadGenerate = async () => (await import('selfsigned')).default.generate

async function makeCa(now: Date): Promise<Pem> {
  const generate = await loadGenerate()
  const made = await generate([{ name: 'commonName', value: 'ctrmock local CA' }], {
    keyType: 'ec', algorithm: 'sha256', notBeforeDate: now, notAfterDate: new Date(now.getTime() + 10 * YEAR_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  })
  return { cert: made.cert, key: made.private }
}

async function makeServerCertificate(ca: Pem, now: Date): Promise<Pem> {
  const generate = await loadGenerate()
  const names = [...new Set(['localhost', os.hostname()])]
  const made = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec', algorithm: 'sha256', ca, notBeforeDate: now, notAfterDate: new Date(now.getTime() + YEAR_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  })
  return { cert: made.cert, key: made.private }
}
