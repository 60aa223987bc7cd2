// Portal: Events (posted by devices or recorded by SSE about them) and the Audit Log.
import { Type } from '@sinclair/typebox'
import { AuditLog, DeviceEventList } from '@ctrmock/types'
import type { SseContext } from '../domain/context.ts'
import { listDeviceEvents } from '../domain/device-events.ts'
import { listAuditLog } from '../domain/audit-log.ts'
import { actorOf } from './admin-auth.ts'
import { ADMIN_ERRORS, ADMIN_SECURITY_NOTE, Paging, TAGS, errors, type SseRoutes } from './schemas.ts'

export const eventRoutes: SseRoutes<{ ctx: SseContext }> = async (app, { ctx }) => {
  app.get('/api/v1/events', {
    schema: {
      tags: [TAGS.events], summary: 'Device events, newest first', description: ADMIN_SECURITY_NOTE,
      querystring: Type.Object({
        deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        type: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        ...Paging(50, 500),
      }, { additionalProperties: false }),
      response: { 200: DeviceEventList, ...errors(...ADMIN_ERRORS) },
    },
  }, async (request) => listDeviceEvents(ctx, actorOf(request).orgId, request.query))

  app.get('/api/v1/audit-log', {
    schema: {
      tags: [TAGS.auditLog], summary: 'Audit log of every mutation: who, what, when, outcome; newest first', description: ADMIN_SECURITY_NOTE,
      querystring: Type.Object({
        action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. devices.delete' })),
        ...Paging(50, 500),
      }, { additionalProperties: false }),
      response: { 200: AuditLog, ...errors(...ADMIN_ERRORS) },
    },
  }, async (request) => listAuditLog(ctx, actorOf(request).orgId, request.query))
}
