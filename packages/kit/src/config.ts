// Environment → typed config, checked at boot. A bad value fails naming the variable, not deep inside a route.
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

export class ConfigError extends Error {}

export function loadConfig<T extends TObject>(schema: T, env: Record<string, string | undefined> = process.env): Static<T> {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(schema.properties)) if (env[key] !== undefined && env[key] !== '') picked[key] = env[key]
  const value = Value.Convert(schema, Value.Default(schema, picked))
  const errors = [...Value.Errors(schema, value)]
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.path.slice(1) || '(config)'}: ${e.message}${e.value === undefined ? ' (not set)' : ` (got ${JSON.stringify(e.value)})`}`)
    throw new ConfigError(`invalid configuration:\n  ${[...new Set(lines)].join('\n  ')}`)
  }
  return value as Static<T>
}

/** The variables every service reads; services extend it with their own. */
export const BaseServiceEnv = {
  PORT: Type.Integer({ minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  DATABASE_URL: Type.String({ minLength: 1 }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info' }),
  JOURNAL_SIZE: Type.Integer({ minimum: 1, default: 1000 }),
  PUBLIC_URL: Type.Optional(Type.String()),
  // HTTPS beside HTTP, with this certificate (PEM files); the ESA's SMTP offers STARTTLS with it.
  HTTPS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  TLS_CERT_FILE: Type.Optional(Type.String()),
  TLS_KEY_FILE: Type.Optional(Type.String()),
} satisfies TProperties
