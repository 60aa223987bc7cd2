// The SSE portal (admin API) as the org's administrator uses it, with a token CTR issued for the org.
import type { Device, TokenExpiration } from '@ctrmock/types'
import { HttpService } from './http.ts'
import { ControlPlaneClient } from './control-plane.ts'

export interface GeneratedTokens {
  tokens: Array<{ token: string; expiresAt: string }>
  expiresAt: string
  message: string
}

export interface RegistrationTokenView {
  token: string
  status: 'unused' | 'used' | 'expired' | 'revoked'
  createdAt: string
  expiresAt: string
  usedAt?: string
  deviceId?: string
}

export interface DeviceList {
  total: number
  offset: number
  limit: number
  devices: Device[]
}

export class SsePortalClient {
  readonly http: HttpService
  readonly control: ControlPlaneClient

  constructor(readonly baseUrl: string, accessToken: () => Promise<string>, service = 'sse') {
    this.http = new HttpService(service, baseUrl, async () => ({ authorization: `Bearer ${await accessToken()}` }))
    this.control = new ControlPlaneClient(service, baseUrl)
  }

  /** "Add Devices and Generate Tokens". */
  generateTokens(count: number, expiration: TokenExpiration): Promise<GeneratedTokens> {
    return this.http.json('POST', '/api/v1/registration-tokens', { body: { count, expiration } })
  }

  async tokens(status?: RegistrationTokenView['status']): Promise<RegistrationTokenView[]> {
    return (await this.http.json<{ tokens: RegistrationTokenView[] }>('GET', '/api/v1/registration-tokens', { query: { status } })).tokens
  }

  async revokeToken(token: string): Promise<void> {
    await this.http.request('DELETE', `/api/v1/registration-tokens/${encodeURIComponent(token)}`)
  }

  devices(query: { search?: string; type?: string; offset?: number; limit?: number } = {}): Promise<DeviceList> {
    return this.http.json('GET', '/api/v1/devices', { query })
  }

  device(id: string): Promise<Device> {
    return this.http.json('GET', `/api/v1/devices/${encodeURIComponent(id)}`)
  }

  async deleteDevice(id: string): Promise<void> {
    await this.http.request('DELETE', `/api/v1/devices/${encodeURIComponent(id)}`)
  }

  async threatResponseEnabled(): Promise<boolean> {
    return (await this.http.json<{ threatResponse: { enabled: boolean } }>('GET', '/api/v1/cloud-services')).threatResponse.enabled
  }

  /** Cloud Services → Cisco Threat Response toggle. */
  async setThreatResponse(enabled: boolean): Promise<void> {
    await this.http.request('PUT', '/api/v1/cloud-services/threat-response', { body: { enabled } })
  }
}
