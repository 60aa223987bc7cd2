// pino options shared by every service: JSON lines, pretty in a TTY, credentials redacted.
import type { LoggerOptions } from 'pino'

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.jwttoken',
  'req.headers["x-device-secret"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passphrase',
  '*.secret',
  '*.clientPassword',
  '*.client_password',
  '*.access_token',
  '*.token',
  '*.deviceSecret',
  '*.registrationToken',
]

export function loggerOptions(level = process.env.LOG_LEVEL ?? 'info', pretty = Boolean(process.stdout.isTTY)): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  }
}
