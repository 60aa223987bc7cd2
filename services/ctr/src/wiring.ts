// CTR's wiring, built once per app: the domain's context, access tokens, client authentication, the rate limiter,
// and the clients to SSE, the intel service and relay modules. Route plugins receive it.
import { randomBytes, randomUUID } from 'node:crypto'
import { generateSigningKey, type ControllableClock } from '@ctrmock/kit'
import type { PrismaClient } from '@ctrmock/kit/db'
import type { CtrConfig } from './config.ts'
import { createCtrStore } from './store/index.ts'
import { AccessTokens, accessTokenClaims } from './domain/access-tokens.ts'
import { ServiceTokens } from './clients/service-tokens.ts'
import { ClientAuthenticator } from './domain/oauth2.ts'
import { OrgRateLimiter } from './domain/rate-limit.ts'
import { RelayUrlPolicy } from './domain/relay-urls.ts'
import { ensureDefaultOrg } from './domain/identity.ts'
import { SseClient } from './clients/sse.ts'
import { RelayClient } from './clients/relay.ts'
import { IntelClient } from './clients/intel.ts'
import { WebhookCalls } from './clients/webhook-calls.ts'
import { WebhookDelivery } from './runners/webhook-delivery.ts'
import { CtiaEventFeed } from './runners/ctia-event-feed.ts'
import type { CtrContext } from './domain/context.ts'
import type { CtrRandom } from './domain/random.ts'
import { parseRegionUrls, type CtrRegion } from './domain/clouds.ts'
import { builtinModuleTypes } from './domain/builtin-module-types.ts'
import { withCiscoRelayTypes } from './domain/cisco-module-types.ts'
import type { AdapterContext } from './module-adapters/adapter.ts'

const cryptoRandom: CtrRandom = { id: () => randomUUID(), bytes: (length) => randomBytes(length) }

// The client id CTR's own calls to SSE and the intel service carry.
export const CTR_SERVICE_CLIENT_ID = 'ctr-service'

export interface CtrWiring {
  config: CtrConfig
  ctx: CtrContext
  clock: ControllableClock
  keys: AccessTokens
  authenticator: ClientAuthenticator
  rateLimiter: OrgRateLimiter
  sse: SseClient
  relay: RelayClient
  /** The paired intel service, when INTEL_URL names one. */
  intel?: IntelClient
  defaultOrgId: string
  /** The deployment's CTR regions and their base URLs (REGION_URLS). */
  regionUrls: Partial<Record<CtrRegion, string>>
  /** What module adapters need for one call; `publicUrl` is this CTR as the caller reached it. */
  adapterContext(publicUrl: string): AdapterContext
  /** Forgets the rate limit and minted tokens of one org (or all) after a reset. */
  forget(orgId?: string): void
  close(): Promise<void>
}

/** Where the wiring reports failures no request sees. */
export interface ErrorLog {
  error(details: Record<string, unknown>, message: string): void
}

export async function createCtrWiring(config: CtrConfig, prisma: PrismaClient, clock: ControllableClock, random = cryptoRandom, log: ErrorLog): Promise<CtrWiring> {
  const store = createCtrStore(prisma)
  if (!(await store.signingKeys.newest())) await store.signingKeys.addIfNone(generateSigningKey())
  const keys = new AccessTokens(store.signingKeys, store.identity)
  const serviceTokens = new ServiceTokens(async (orgId, now) => {
    const org = await store.identity.findOrg(orgId)
    return keys.sign(accessTokenClaims({
      orgId, orgName: org?.name ?? orgId, userId: CTR_SERVICE_CLIENT_ID, userEmail: `${CTR_SERVICE_CLIENT_ID}@ctrmock.test`,
      clientId: CTR_SERVICE_CLIENT_ID, scopes: ['sse', 'integration', 'private-intel:read'],
    }, now, random))
  }, clock)
  const tokenFor = (orgId: string) => serviceTokens.tokenFor(orgId)

  const authenticator = new ClientAuthenticator(store.identity, random)
  const { orgId: defaultOrgId } = await ensureDefaultOrg(store.identity, random, clock.now(), config.CTRMOCK_CLIENT_ID, config.CTRMOCK_CLIENT_PASSWORD)
  const sse = new SseClient(config.SSE_URL, tokenFor)
  const relay = new RelayClient()
  const intel = config.INTEL_URL ? new IntelClient(config.INTEL_URL, tokenFor) : undefined
  const intelView = intel ? { client: intel, publicUrl: config.INTEL_PUBLIC_URL ?? intel.baseUrl } : undefined
  const rateLimiter = new OrgRateLimiter(config.RATE_LIMIT_PER_HOUR)
  const relayPolicy = new RelayUrlPolicy(config.RELAY_URL_ALLOWLIST)
  const ctx: CtrContext = { store, clock, random, builtinTypes: withCiscoRelayTypes(builtinModuleTypes(config.REGION, intel !== undefined), config.REGION), relayPolicy }
  const webhookCalls = new WebhookCalls()
  const webhooks = new WebhookDelivery(ctx, {
    calls: webhookCalls, sign: (claims) => keys.sign(claims), timeoutMs: config.MODULE_TIMEOUT_MS,
    onError: (error, event) => log.error({ err: error, eventId: event.id }, 'webhook delivery failed'),
  })
  ctx.published = (event) => webhooks.published(event)
  const ctiaFeed = intel ? new CtiaEventFeed(ctx, { intel, delivery: webhooks, pollMs: config.WEBHOOK_POLL_MS, timeoutMs: config.MODULE_TIMEOUT_MS, log }) : undefined
  ctiaFeed?.start()

  return {
    config, ctx, clock, keys, authenticator, sse, relay, defaultOrgId, rateLimiter, regionUrls: parseRegionUrls(config.REGION_URLS), ...(intel ? { intel } : {}),
    adapterContext: (publicUrl) => ({ ...ctx, sse, relay, ...(intelView ? { intel: intelView } : {}), timeoutMs: config.MODULE_TIMEOUT_MS, publicUrl, signRs256: (claims) => keys.sign(claims) }),
    forget(orgId) {
      rateLimiter.forget(orgId)
      serviceTokens.forget(orgId)
    },
    async close() {
      await ctiaFeed?.stop()
      await webhooks.close()
      await Promise.all([sse.close(), relay.close(), intel?.close(), webhookCalls.close()])
    },
  }
}
