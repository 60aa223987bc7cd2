// The background side of Cloud Service Settings: presents the registration token to the chosen region's SSE
// (retrying with backoff while SSE is down, always with the same token, so SSE creates at most one device), then
// sends heartbeats while registered. Everything it knows is in the database, so a restart resumes where it stopped.
import { Value } from '@sinclair/typebox/value'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '@ctrmock/kit'
import { DeviceRegistration } from '@ctrmock/types'
import { deviceFacts } from '../domain/appliances.ts'
import {
  completeRegistration, failRegistration, noteRegistrationRetry, recordHeartbeat, type ReleasedDevice,
} from '../domain/cloud-service-settings.ts'
import type { EsaStore } from '../store/index.ts'
import { deviceJwt, type SseClients } from '../clients/sse.ts'
import { msUntilHeartbeat } from '../domain/heartbeat-schedule.ts'

export interface RunnerOptions {
  store: EsaStore
  clockOf: (orgId: string) => Clock
  serviceClock: Clock
  sse: SseClients
  callbackUrl: (applianceId: string) => string
  log: FastifyBaseLogger
  retryBaseMs: number
  retryMaxMs: number
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error))

export class CloudRegistrationRunner {
  readonly #retries = new Map<string, NodeJS.Timeout>()
  readonly #heartbeats = new Map<string, NodeJS.Timeout>()
  readonly #inFlight = new Set<string>()
  readonly #again = new Set<string>()
  #closed = false

  constructor(private readonly o: RunnerOptions) {}

  /** At start: registrations left INPROGRESS are tried again, registered appliances resume their heartbeats, each at
   *  its own point of the interval. */
  async resume(): Promise<void> {
    for (const s of await this.o.store.cloudServiceSettings.withStatus('INPROGRESS')) this.kick(s.applianceId)
    for (const s of await this.o.store.cloudServiceSettings.withStatus('REGISTERED')) {
      this.startHeartbeats(s.applianceId, s.heartbeatIntervalSeconds ?? 60, false)
    }
  }

  /** Try the appliance's pending registration now. */
  kick(applianceId: string, delayMs = 0): void {
    if (this.#closed) return
    clearTimeout(this.#retries.get(applianceId))
    this.#retries.set(applianceId, setTimeout(() => void this.#attempt(applianceId), delayMs).unref())
  }

  stop(applianceId: string): void {
    clearTimeout(this.#retries.get(applianceId))
    clearInterval(this.#heartbeats.get(applianceId))
    this.#retries.delete(applianceId)
    this.#heartbeats.delete(applianceId)
  }

  stopAll(): void {
    for (const id of new Set([...this.#retries.keys(), ...this.#heartbeats.keys()])) this.stop(id)
  }

  close(): void {
    this.#closed = true
    this.stopAll()
  }

  /** Tells SSE a device is gone (deregistration, or a registration that was cancelled while SSE accepted it). */
  async release(device: ReleasedDevice): Promise<boolean> {
    const client = this.o.sse.forLabel(device.serverLabel)
    if (!client) return false
    try {
      const res = await client.deregister(deviceJwt(device.deviceId, device.deviceSecret, this.o.serviceClock.now()))
      return res.status < 300 || res.status === 401 || res.status === 404
    } catch (error) {
      this.o.log.warn({ deviceId: device.deviceId, err: describe(error) }, 'could not tell SSE about the deregistration')
      return false
    }
  }

  async #attempt(id: string): Promise<void> {
    if (this.#closed) return
    if (this.#inFlight.has(id)) { this.#again.add(id); return }
    this.#inFlight.add(id)
    try {
      await this.#register(id)
    } catch (error) {
      // The database was unreachable, say: the state is unchanged, so simply try again later.
      this.o.log.warn({ applianceId: id, err: describe(error) }, 'registration attempt failed; retrying')
      this.kick(id, this.o.retryMaxMs)
    } finally {
      this.#inFlight.delete(id)
      if (this.#again.delete(id)) this.kick(id)
    }
  }

  async #register(id: string): Promise<void> {
    const { store, sse, log } = this.o
    const settings = await store.cloudServiceSettings.get(id)
    const appliance = await store.appliances.get(id)
    const token = settings?.registrationToken
    if (!settings || !appliance || settings.registrationStatus !== 'INPROGRESS' || !token) return
    const now = () => this.o.clockOf(appliance.orgId).now()
    const transition = (decide: Parameters<EsaStore['cloudServiceSettings']['transition']>[1]) => store.cloudServiceSettings.transition(id, decide)

    const client = sse.forLabel(settings.registrationServerLabel)
    if (!client) {
      await transition((s) => ({ patch: failRegistration(s, token, `no SSE URL is configured for ${settings.registrationServerLabel}`) }))
      return
    }
    let status: number
    let body: unknown
    try {
      ({ status, body } = await client.register({ token, device: deviceFacts(appliance, this.o.callbackUrl(id)) }))
    } catch (error) {
      await this.#retryLater(id, token, describe(error))
      return
    }
    if (status === 201 && Value.Check(DeviceRegistration, body)) {
      const registration = body
      const done = await transition((s) => ({ patch: completeRegistration(s, token, registration, now()) }))
      if (done?.settings.registrationStatus === 'REGISTERED' && done.settings.deviceId === registration.deviceId) {
        log.info({ applianceId: id, deviceId: registration.deviceId, region: registration.region }, 'registered with SSE')
        this.startHeartbeats(id, registration.heartbeatIntervalSeconds)
      } else {
        await this.release({ deviceId: registration.deviceId, deviceSecret: registration.deviceSecret, serverLabel: settings.registrationServerLabel })
      }
      return
    }
    if (status >= 500 || status === 429 || status === 201) {
      await this.#retryLater(id, token, `SSE answered ${status}`)
      return
    }
    log.info({ applianceId: id, status, body }, 'SSE refused the registration token')
    await transition((s) => ({ patch: failRegistration(s, token, `SSE answered ${status}: ${JSON.stringify(body).slice(0, 300)}`) }))
  }

  async #retryLater(id: string, token: string, reason: string): Promise<void> {
    const out = await this.o.store.cloudServiceSettings.transition(id, (s) => ({ patch: noteRegistrationRetry(s, token, reason) }))
    const attempts = out?.settings.registrationAttempts ?? 1
    const delay = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** Math.min(attempts - 1, 20))
    this.o.log.warn({ applianceId: id, attempts, delayMs: delay, reason }, 'SSE unavailable; registration stays in progress')
    if (out?.settings.registrationStatus === 'INPROGRESS') this.kick(id, delay)
  }

  /** Heartbeats every interval at the appliance's own point of it (domain/heartbeat-schedule.ts); `beatNow`: one right
   *  away too, as a newly registered appliance does. The map holds the pending timer: a timeout, then the interval. */
  startHeartbeats(id: string, intervalSeconds: number, beatNow = true): void {
    if (this.#closed) return
    clearInterval(this.#heartbeats.get(id))
    const intervalMs = Math.max(1, intervalSeconds) * 1000
    const first = setTimeout(() => {
      if (this.#heartbeats.get(id) !== first) return
      this.#heartbeats.set(id, setInterval(() => void this.#beat(id), intervalMs).unref())
      void this.#beat(id)
    }, msUntilHeartbeat(id, intervalMs, Date.now(), beatNow)).unref()
    this.#heartbeats.set(id, first)
    if (beatNow) void this.#beat(id)
  }

  async #beat(id: string): Promise<void> {
    try {
      const settings = await this.o.store.cloudServiceSettings.get(id)
      const { deviceId, deviceSecret } = settings ?? {}
      if (!settings || settings.registrationStatus !== 'REGISTERED' || !deviceId || !deviceSecret) {
        clearInterval(this.#heartbeats.get(id))
        this.#heartbeats.delete(id)
        return
      }
      const now = () => this.o.clockOf(settings.orgId).now()
      const client = this.o.sse.forLabel(settings.registrationServerLabel)
      let error: string | undefined = client ? undefined : 'no SSE URL configured'
      if (client) {
        try {
          const res = await client.heartbeat(deviceJwt(deviceId, deviceSecret, this.o.serviceClock.now()))
          if (res.status !== 200) error = `SSE answered ${res.status}`
        } catch (e) {
          error = describe(e)
        }
      }
      await this.o.store.cloudServiceSettings.transition(id, (s) => ({ patch: recordHeartbeat(s, deviceId, now(), error) }))
    } catch (error) {
      this.o.log.warn({ applianceId: id, err: describe(error) }, 'heartbeat failed')
    }
  }
}
