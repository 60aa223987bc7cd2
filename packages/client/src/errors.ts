// Typed failures: an HTTP answer that is not what the call expects, or a service that cannot be reached.

export class CtrmockApiError extends Error {
  constructor(
    readonly service: string,
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${service}: ${method} ${path} answered ${status}${describe(body)}`)
    this.name = 'CtrmockApiError'
  }

  /** The vendor error code: IROH `error`, AsyncOS `error.message`, relay `errors[0].code`. */
  get code(): string | undefined {
    const body = this.body as Record<string, unknown> | undefined
    if (typeof body?.error === 'string') return body.error
    const nested = body?.error as Record<string, unknown> | undefined
    if (typeof nested?.message === 'string') return nested.message
    const errors = body?.errors as Array<Record<string, unknown>> | undefined
    return typeof errors?.[0]?.code === 'string' ? errors[0].code : undefined
  }
}

export class CtrmockConnectionError extends Error {
  constructor(readonly service: string, readonly url: string, cause: unknown) {
    super(`${service}: cannot reach ${url} (${cause instanceof Error ? cause.message : String(cause)})`, { cause })
    this.name = 'CtrmockConnectionError'
  }
}

function describe(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''
  const b = body as Record<string, unknown>
  const nested = b.error as Record<string, unknown> | undefined
  const text = b.error_description ?? nested?.message ?? (b.errors as Array<{ message?: string }> | undefined)?.[0]?.message ?? b.error
  return typeof text === 'string' ? `: ${text}` : ''
}
