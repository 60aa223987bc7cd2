// pino options shared by every service: JSON lines, pretty in a TTY, credentials redacted.
import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, LoggerOptions } from 'pino'

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

const PENDING = Symbol('pending bindings')
const CHILD = Symbol('child logger')
const LEVEL = Symbol('level the shape was made for')
type Logger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean; levels: { values: Record<string, number> }; levelVal: number }
interface LazyChild { [PENDING]: Bindings; [CHILD]?: FastifyBaseLogger }
const shapes = new WeakMap<object, object>()

function childOf(lazy: LazyChild, parent: FastifyBaseLogger): FastifyBaseLogger {
  return (lazy[CHILD] ??= parent.child(lazy[PENDING]))
}

/** The methods every lazy child of `parent` shares: levels the parent drops stay its no-ops. */
function shapeFor(parent: Logger): object {
  const known = shapes.get(parent) as { [LEVEL]?: number } | undefined
  if (known && known[LEVEL] === parent.levelVal) return known
  const shape: Record<string | symbol, unknown> = Object.create(parent)
  shape[LEVEL] = parent.levelVal
  for (const level of Object.keys(parent.levels.values)) {
    if (!parent.isLevelEnabled(level)) continue
    shape[level] = function (this: LazyChild, ...args: unknown[]) {
      return (childOf(this, parent) as unknown as Record<string, (...a: unknown[]) => void>)[level]!(...args)
    }
  }
  shape.child = function (this: LazyChild, bindings: Bindings, options?: ChildLoggerOptions) { return childOf(this, parent).child(bindings, options) }
  shape.bindings = function (this: LazyChild) { return (childOf(this, parent) as unknown as { bindings(): Bindings }).bindings() }
  shapes.set(parent, shape)
  return shape
}

/**
 * Fastify's per-request logger, made on first use. pino serializes and redacts a child's bindings when it is made,
 * and at the levels ctrmock usually runs at (warn under `ctrmock up`) most requests log nothing.
 */
export function lazyChildLogger(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  // Not pino (Fastify's silent logger when logging is off), or a route with its own level or serializers.
  if (typeof (parent as Logger).isLevelEnabled !== 'function' || options.level !== undefined || options.serializers !== undefined) {
    return parent.child(bindings, options)
  }
  const lazy = Object.create(shapeFor(parent as Logger)) as LazyChild
  lazy[PENDING] = bindings
  return lazy as unknown as FastifyBaseLogger
}
