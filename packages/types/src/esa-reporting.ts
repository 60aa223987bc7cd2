// AsyncOS reporting, ESA `/esa/api/v2.0/reporting/*`, as real appliances answer it (the XSOAR Cisco ESA integration's
// recorded test data).
import { Type, type Static } from '@sinclair/typebox'

// GET /reporting/mail_incoming_traffic_summary: totalCount is -1 for a summary; resultSet holds one {counter: value} each.
export const IncomingTrafficSummaryResponse = Type.Object({
  meta: Type.Object({ totalCount: Type.Integer() }),
  data: Type.Object({ type: Type.String(), resultSet: Type.Array(Type.Record(Type.String(), Type.Integer())) }),
})

// GET /health: the appliance's system health, as monitoring tools read it; each figure an integer (percentages 0–100).
export const SystemHealthResponse = Type.Object({
  data: Type.Object({
    percentage_cpu_load: Type.Integer(),
    percentage_ram_utilization: Type.Integer(),
    percentage_swap_utilization: Type.Integer(),
    percentage_diskio: Type.Integer(),
    percentage_queue_utilization: Type.Integer(),
    messages_in_workqueue: Type.Integer(),
    messages_in_pvo_quarantines: Type.Integer(),
    resource_conservation: Type.Integer(),
  }),
})
export type SystemHealthResponse = Static<typeof SystemHealthResponse>
