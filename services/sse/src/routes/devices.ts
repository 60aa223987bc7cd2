// Portal: the Devices page — list with search/type filter and paging, get, edit the description, delete.
import { Type } from '@sinclair/typebox'
import { Device, DeviceList, DeviceType, DeviceUpdate } from '@ctrmock/types'
import type { SseContext } from '../domain/context.ts'
import { deleteDevice, getDevice, listDevices, updateDescription } from '../domain/devices.ts'
import { actorOf } from './admin-auth.ts'
import { ADMIN_ERRORS, ADMIN_SECURITY_NOTE, DeviceIdParams, Paging, TAGS, errors, type SseRoutes } from './schemas.ts'

export const deviceRoutes: SseRoutes<{ ctx: SseContext }> = async (app, { ctx }) => {
  const tags = [TAGS.devices]

  app.get('/api/v1/devices', {
    schema: {
      tags, summary: 'List devices (search by name or id, filter by type)', description: ADMIN_SECURITY_NOTE,
      querystring: Type.Object({
        search: Type.Optional(Type.String({ maxLength: 255, description: 'Part of the device name (any case), or the start of its id' })),
        type: Type.Optional(DeviceType),
        ...Paging(25, 1000),
      }, { additionalProperties: false }),
      response: { 200: DeviceList, ...errors(...ADMIN_ERRORS) },
    },
  }, async (request) => {
    const { search, type, offset, limit } = request.query
    return listDevices(ctx, actorOf(request).orgId, { ...(search ? { search } : {}), ...(type ? { type } : {}), offset, limit })
  })

  app.get('/api/v1/devices/:deviceId', {
    schema: { tags, summary: 'Get a device', description: ADMIN_SECURITY_NOTE, params: DeviceIdParams, response: { 200: Device, ...errors(...ADMIN_ERRORS, 404) } },
  }, async (request) => getDevice(ctx, actorOf(request).orgId, request.params.deviceId))

  app.patch('/api/v1/devices/:deviceId', {
    schema: {
      tags, summary: 'Update a device\'s description', description: ADMIN_SECURITY_NOTE,
      params: DeviceIdParams, body: DeviceUpdate, response: { 200: Device, ...errors(...ADMIN_ERRORS, 404) },
    },
  }, async (request) => updateDescription(ctx, actorOf(request), request.params.deviceId, request.body.description))

  app.delete('/api/v1/devices/:deviceId', {
    schema: {
      tags, summary: 'Delete a device (its credentials stop working at once)', description: ADMIN_SECURITY_NOTE,
      params: DeviceIdParams, response: { 204: Type.Null({ description: 'Deleted' }), ...errors(...ADMIN_ERRORS, 404) },
    },
  }, async (request, reply) => {
    await deleteDevice(ctx, actorOf(request), request.params.deviceId)
    return reply.code(204).send(null)
  })
}
