import { setFlagsFromString } from 'node:v8'

/**
 * Prisma's query compiler is WebAssembly. V8 compiles it with Liftoff, its baseline compiler, then recompiles the
 * functions that get hot with TurboFan on background threads. Those recompilations of the engine's large functions
 * left 70–90 MB of freed memory in the threads' malloc arenas, which glibc keeps: a CTR process alone (compose's
 * topology) idled at 205–218 MB RSS, and 134–136 MB with Liftoff's code only; the stack's warm start takes half the
 * CPU. Prisma caches its query plans, so the compiler seldom runs after the start: a query cost the same CPU either
 * way (BENCHMARKS.md). Process-wide; applies to modules compiled after it, so it runs before any service starts.
 */
export function compileWasmOnceWithLiftoff(): void {
  setFlagsFromString('--liftoff-only')
}
