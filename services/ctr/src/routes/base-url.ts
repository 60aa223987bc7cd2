// This CTR's base URL as its caller reached it (PUBLIC_URL wins), for links it hands out.
import type { FastifyRequest } from 'fastify'

export function baseUrl(request: FastifyRequest, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '')
  const host = typeof request.headers.host === 'string' && /^[\w.:[\]-]{1,300}$/.test(request.headers.host) ? request.headers.host : request.hostname
  return `${request.protocol}://${host}`
}
