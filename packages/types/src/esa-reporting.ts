// AsyncOS reporting, ESA `/esa/api/v2.0/reporting/*`, as real appliances answer it (the XSOAR Cisco ESA integration's
// recorded test data).
import { Type } from '@sinclair/typebox'

// GET /reporting/mail_incoming_traffic_summary: totalCount is -1 for a summary; resultSet holds one {counter: value} each.
export const IncomingTrafficSummaryResponse = Type.Object({
  meta: Type.Object({ totalCount: Type.Integer() }),
  data: Type.Object({ type: Type.String(), resultSet: Type.Array(Type.Record(Type.String(), Type.Integer())) }),
})
