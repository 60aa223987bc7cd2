// Node's process.nextTick queues each tick as an object literal with computed keys ({ [async_id_symbol]: id, … }),
// and V8 optimizes it from the feedback its first calls leave. While several services start at once (migrations,
// Prisma, Postgres sockets, listeners), that feedback ended up megamorphic in about half of the cold starts measured,
// and it stays so: every tick, 5–6 per HTTP request, then defined its properties through V8's runtime, ~300 ns instead
// of ~60 (BENCHMARKS.md). A burst of identical ticks before anything else runs lets V8 optimize it with
// one shape, which it kept through every later start, load and workload measured. It costs a few milliseconds.
const PRIMING_TICKS = 20_000

// Once per isolate (this module's state is per thread): every service of a process awaits the same burst.
let primed: Promise<void> | undefined

/** Runs identical process.nextTick calls in a row, once per thread; resolves after the last. Await it first. */
export function primeNextTick(): Promise<void> {
  primed ??= new Promise((resolve) => {
    let left = PRIMING_TICKS
    const tick = (n: number) => {
      if (--left > 0) process.nextTick(tick, n + 1)
      else resolve()
    }
    process.nextTick(tick, 0)
  })
  return primed
}
