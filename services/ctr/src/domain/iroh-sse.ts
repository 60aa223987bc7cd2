// The org's SSE devices as CTR lists them: SSE's Threat Response devices, searched and paged.
import type { Device, DeviceType } from '@ctrmock/types'
import { deviceNotFound } from './errors.ts'

export interface DeviceQuery {
  search?: string
  type?: DeviceType
  offset?: number
  limit?: number
}

export function searchDevices(devices: readonly Device[], { search, type, offset = 0, limit = 100 }: DeviceQuery): Device[] {
  const text = search?.toLowerCase()
  return devices.filter((d) => (!type || d.type === type)
    && (!text || [d.name, d.description, d.serialNumber, d.ip].some((field) => field.toLowerCase().includes(text))))
    .slice(offset, offset + limit)
}

export function findDevice(devices: readonly Device[], id: string): Device {
  const device = devices.find((d) => d.id === id)
  if (!device) throw deviceNotFound(id)
  return device
}
