// `ctrmock up`: the embedded stack in this process, a table of what runs where, and a clean stop on Ctrl-C.
import { closeOnSignals } from '@ctrmock/kit'
import { startStack, type Stack } from '../stack.ts'
import { renderTable } from '../table.ts'
import { CtrEnv } from '@ctrmock/ctr/config'

// The stable dev API client every CTR instance creates at start (env overrides it).
const apiClient = {
  clientId: process.env.CTRMOCK_CLIENT_ID ?? CtrEnv.properties.CTRMOCK_CLIENT_ID.default,
  clientPassword: process.env.CTRMOCK_CLIENT_PASSWORD ?? CtrEnv.properties.CTRMOCK_CLIENT_PASSWORD.default,
}

export async function up(options: { json: boolean }): Promise<Stack> {
  const stack = await startStack()
  const rows = stack.instances.map((i) => ({ service: i.name, region: i.region, url: i.url, docs: `${i.url}/documentation` }))
  if (options.json) {
    console.log(JSON.stringify({ readyMs: stack.readyMs, smtpPort: stack.smtpPort, apiClient, instances: rows }))
  } else {
    console.log(renderTable(rows, ['service', 'region', 'url', 'docs']))
    console.log(`ESA SMTP: 127.0.0.1:${stack.smtpPort}   Postgres: ${new URL(stack.databaseServerUrl).host}`)
    console.log(`API client (CTR NAM and EU): ${apiClient.clientId} / ${apiClient.clientPassword}   ESA AsyncOS API: admin / ironport`)
    console.log(`ready in ${(stack.readyMs / 1000).toFixed(2)} s — Ctrl-C to stop`)
  }
  closeOnSignals(() => stack.stop())
  return stack
}
