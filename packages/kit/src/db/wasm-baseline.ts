import { setFlagsFromString } from 'node:v8'

/**
 * Compiles WebAssembly (Prisma's query compiler and schema engine) with V8's baseline compiler only, because
 * optimising it during the start breaks the warm-start and idle-RSS speed guards (BENCHMARKS.md, "Start").
 * Process-wide; called before either loads.
 */
export function compileWasmWithBaselineOnly(): void {
  setFlagsFromString('--liftoff-only')
}
