// Waiting on a condition instead of sleeping: poll it until it holds.

/**
 * Resolves once `check` holds, polling every 20 ms; fails naming `what` after `timeoutMs`. Generous by default: the
 * deadline only matters when the condition never comes, and a loaded CI host delays timers by seconds.
 */
export async function until(check: () => boolean | Promise<boolean>, options: { what?: string, timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
