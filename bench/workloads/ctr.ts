// CTR: OAuth2 client credentials (what every Cisco SDK call starts with) and inspect on a short text.
import { atLeastRpsOrShare, throughput, type Workload } from './types.ts'

/** The default API client that CTR creates at start (CTRMOCK_CLIENT_ID / CTRMOCK_CLIENT_PASSWORD defaults). */
const DEFAULT_CLIENT = 'client-00000000-0000-4000-8000-000000000001:ctrmock-dev-password'

export const INSPECT_TEXT = 'Phish from attacker@evil.example.com via 203.0.113.7, see http://evil.example.com/login'

export const tokenIssue: Workload = {
  name: 'ctr-token',
  title: 'CTR POST /iroh/oauth2/token (client credentials)',
  quick: true,
  target: atLeastRpsOrShare(3000, 0.06),
  plan: async (ctx) => ({
    url: `${ctx.urls.ctr}/iroh/oauth2/token`,
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(DEFAULT_CLIENT).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
    ...throughput(ctx),
  }),
}

export const inspect: Workload = {
  name: 'ctr-inspect',
  title: 'CTR POST /iroh/iroh-inspect/inspect (short text)',
  quick: true,
  paired: true,
  plan: async (ctx) => {
    const tenant = await ctx.tenant()
    return {
      url: `${ctx.urls.ctr}/iroh/iroh-inspect/inspect`,
      method: 'POST',
      headers: { authorization: `Bearer ${await tenant.ctr.accessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: INSPECT_TEXT }),
      ...throughput(ctx),
    }
  },
}
