// Device-facing API (what the ESA agent calls): register with a token, then heartbeat, post events and deregister
// with device credentials. Any bad token gets one message; the real reason goes to the journal note.
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { DeviceEvent, DeviceEventInput, DeviceRegistration, DeviceRegistrationRequest, HeartbeatResponse } from '@ctrmock/types'
import type { SseContext } from '../domain/context.ts'
import { authenticateDevice } from '../domain/device-credentials.ts'
import { heartbeat, registerDevice } from '../domain/device-registration.ts'
import { deregisterDevice, type DeviceRecord } from '../domain/devices.ts'
import { postDeviceEvent } from '../domain/device-events.ts'
import { invalidDeviceCredentials, RegistrationRejectedError } from '../domain/errors.ts'
import { DEVICE_SECURITY_NOTE, TAGS, errors, type SseRoutes } from './schemas.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the device credentials hook. */
    device?: DeviceRecord
  }
}

export const deviceRegistrationRoutes: SseRoutes<{ ctx: SseContext }> = async (app, { ctx }) => {
  const tags = [TAGS.device]

  /** onRequest: verifies the device's credentials before anything else; the device's org becomes the request's org. */
  async function authenticate(request: FastifyRequest): Promise<void> {
    try {
      request.device = await authenticateDevice(ctx, request.headers.authorization)
      request.org = request.device.orgId
    } catch (error) {
      request.org = undefined
      throw error
    }
  }
  const device = (request: FastifyRequest): DeviceRecord => {
    if (!request.device) throw invalidDeviceCredentials('no device token in the Authorization header')
    return request.device
  }

  app.post('/device/v1/registrations', {
    schema: {
      tags, summary: 'Register a device with a registration token',
      description: 'Consumes the token exactly once. Any unknown, expired, used or revoked token: 401 invalid_token "The registration failed because of an invalid or expired token".',
      body: DeviceRegistrationRequest,
      response: { 201: DeviceRegistration, ...errors(400, 401) },
    },
  }, async (request, reply) => {
    try {
      const { orgId, registration } = await registerDevice(ctx, request.body)
      request.org = orgId
      return reply.code(201).send(registration)
    } catch (error) {
      if (error instanceof RegistrationRejectedError) {
        request.journalNote = error.reason
        request.org = error.orgId
      }
      throw error
    }
  })

  app.post('/device/v1/heartbeat', {
    onRequest: authenticate,
    schema: {
      tags, summary: 'Heartbeat: keeps the device connected', description: `${DEVICE_SECURITY_NOTE} Any body is ignored.`,
      response: { 200: HeartbeatResponse, ...errors(400, 401) },
    },
  }, async (request) => heartbeat(ctx, device(request)))

  app.post('/device/v1/events', {
    onRequest: authenticate,
    schema: {
      tags, summary: 'Post a device event', description: DEVICE_SECURITY_NOTE,
      body: DeviceEventInput,
      response: { 201: DeviceEvent, ...errors(400, 401) },
    },
  }, async (request, reply) => reply.code(201).send(await postDeviceEvent(ctx, device(request), request.body)))

  app.delete('/device/v1/registration', {
    onRequest: authenticate,
    schema: {
      tags, summary: 'Deregister the calling device', description: DEVICE_SECURITY_NOTE,
      response: { 204: Type.Null({ description: 'Deregistered' }), ...errors(401) },
    },
  }, async (request, reply) => {
    await deregisterDevice(ctx, device(request))
    return reply.code(204).send(null)
  })
}
