import { setFlagsFromString } from 'node:v8'

/**
 * V8 decides per allocation site, for the whole process, whether the objects it makes are worth allocating straight
 * in the old generation ("pretenuring"), from how many of them lived through a young GC. Requests that wait (on
 * Postgres, on another service: an enrich, a bulk load) let Node's and Fastify's request objects live that long, and
 * their sites were then tenured for every request: inspect's requests, done in microseconds, landed in old space,
 * which needed fresh pages every few milliseconds (a page fault cost ~35 µs on the benchmarks' VM) and more full GCs.
 * Without pretenuring they die young. Inspect: ~+8% req/s in the stack, 0–10% for CTR alone under a mixed load
 * (BENCHMARKS.md). The flag is process-wide and applies to sites made after it.
 */
export function keepShortLivedObjectsYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring')
}
