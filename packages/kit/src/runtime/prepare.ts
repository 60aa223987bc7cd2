// What every process or thread that serves does first, before Postgres and the services start: the stack
// (startStack) and each service on its own (runService: compose, CTR's thread) alike.
import { primeNextTick } from './prime-next-tick.ts'
import { compileWasmOnceWithLiftoff } from './wasm-baseline.ts'
import { keepShortLivedObjectsYoung } from './young-objects.ts'

export async function prepareRuntime(): Promise<void> {
  keepShortLivedObjectsYoung()
  compileWasmOnceWithLiftoff()
  await primeNextTick()
}
