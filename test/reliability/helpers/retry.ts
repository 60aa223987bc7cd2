// What a well-behaved client does while a service restarts: retry on no answer and on 5xx, until a deadline.
import { CtrmockApiError, CtrmockConnectionError } from '@ctrmock/client'

export function isTransient(error: unknown): boolean {
  if (error instanceof CtrmockConnectionError) return true
  if (error instanceof CtrmockApiError) return error.status >= 500
  const code = error as { code?: string; responseCode?: number }
  // nodemailer: connection refused/reset, or a 4xx SMTP reply (try again later).
  return ['ECONNREFUSED', 'ECONNRESET', 'ESOCKET', 'ECONNECTION', 'ETIMEDOUT', 'EPIPE'].includes(code.code ?? '')
    || (typeof code.responseCode === 'number' && code.responseCode >= 400 && code.responseCode < 500)
}

/** Runs `attempt` until it succeeds; transient failures are retried every `pauseMs` until `deadlineMs` has passed. */
export async function retrying<T>(attempt: (n: number) => Promise<T>, options: { deadlineMs?: number; pauseMs?: number; onRetry?: (error: unknown) => void } = {}): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 60_000)
  for (let n = 0; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (!isTransient(error) || Date.now() > deadline) throw error
      options.onRetry?.(error)
      await new Promise((r) => setTimeout(r, options.pauseMs ?? 150))
    }
  }
}

/** Waits until `check` holds, polling every 100 ms, or fails naming `what`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
