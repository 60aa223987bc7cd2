// The whole cloud for one test file: every service on a free port, real HTTP between them, databases of its own
// on the shared test Postgres (dropped afterwards).
import type { Test } from 'tap'
import { startStack, type Stack, type StackOptions } from '@ctrmock/cli'
import { dropDatabase } from '@ctrmock/kit/db'
import { createMigratedDatabase, testDatabaseName, testServerUrl } from '@ctrmock/kit/testing'
import { Cloud } from '@ctrmock/client'

const SUFFIXES = ['ctr_nam', 'ctr_eu', 'sse_americas', 'sse_europe', 'esa', 'intel_nam', 'intel_eu']

/** Drops every database a stack started with `prefix` may have made, even one that failed to start. */
export function dropStackDatabases(serverUrl: string, prefix: string): Promise<unknown> {
  return Promise.all(SUFFIXES.map((s) => dropDatabase(serverUrl, `${prefix}_${s}`).catch(() => {})))
}

export async function startTestStack(t: Test, options: Pick<StackOptions, 'env'> = {}): Promise<{ stack: Stack; cloud: Cloud }> {
  const serverUrl = await testServerUrl()
  const prefix = testDatabaseName('e2e')
  // Clones of the migrated template: the services find every migration applied and start at once.
  await Promise.all(SUFFIXES.map((s) => createMigratedDatabase(serverUrl, `${prefix}_${s}`)))
  const stack = await startStack({
    databaseServerUrl: serverUrl,
    databasePrefix: prefix,
    ports: { ctr: 0, 'ctr-eu': 0, 'sse-americas': 0, 'sse-europe': 0, esa: 0, smtp: 0 },
    env: { LOG_LEVEL: 'silent', ...options.env },
  })
  t.teardown(async () => {
    await stack.stop()
    await dropStackDatabases(serverUrl, prefix)
  })
  const cloud = new Cloud({
    ctr: stack.urls.ctr, ctrEu: stack.urls['ctr-eu'], sseAmericas: stack.urls['sse-americas'],
    sseEurope: stack.urls['sse-europe'], esa: stack.urls.esa, smtpPort: stack.smtpPort,
    intel: stack.urls.intel, intelEu: stack.urls['intel-eu'],
  })
  return { stack, cloud }
}
