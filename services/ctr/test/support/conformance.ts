// Renders CONFORMANCE.md from the contract exchanges: every operation of Cisco's IROH Swagger, implemented or not.
import { notImplementedOperations, swaggerOperations, type Exchange } from './contract.ts'
import { renderSdkTable } from './sdk-visibility.ts'

export const CONFORMANCE_PATH = new URL('../../CONFORMANCE.md', import.meta.url)

// Routes CTR serves that Cisco's reduced Swagger files do not describe (OAuth2 and profile live elsewhere in IROH).
const BEYOND_SWAGGER = [
  'POST /iroh/oauth2/token', 'GET /.well-known/jwks', 'GET /.well-known/oauth-authorization-server', 'GET /iroh/profile/whoami',
  'GET /iroh/profile/org', 'POST /iroh/profile/org', 'GET /iroh/iroh-enrich/settings', 'GET /iroh/iroh-sse/device',
  'GET /iroh/iroh-sse/device/{device_id}', 'DELETE /iroh/iroh-sse/device/{device_id}', 'PATCH /iroh/iroh-sse/device/{device_id}',
  'POST /iroh/iroh-sse/device/{device_id}/token', 'POST /iroh/iroh-sse/device/{device_id}/api-proxy', 'GET /iroh/iroh-sse/tenant/token',
  'GET /.well-known/openid-configuration', 'GET|POST /iroh/iroh-int/integration', 'GET|PUT|PATCH|DELETE /iroh/iroh-int/integration/{id}',
  'POST /iroh/iroh-enrich/{observe,deliberate,refer}/sighting', 'POST /iroh/iroh-enrich/{observe,deliberate,refer}/sighting_ref',
  'GET|POST /iroh/user-mgmt/users/{user_id}', 'GET /iroh/user-mgmt/batch/users', 'POST /iroh/user-mgmt/search/users',
  'GET /iroh/oauth2/authorize', 'POST /iroh/oauth2/token (authorization_code with PKCE, refresh_token)', 'POST /iroh/oauth2/revoke',
  'GET|POST /iroh/oauth2-clients/clients', 'GET|DELETE /iroh/oauth2-clients/clients/{id}',
]

// How ctrmock plays IROH's browser login, which has no passwords to check.
const LOGIN = [
  '## The browser login and the authorization-code flow',
  '',
  '- `GET /iroh/iroh-auth/login` redirects to ctrmock\'s one identity provider, `ctrmock` (`GET /iroh/iroh-auth/logins`).',
  '  Its page `GET /iroh/iroh-auth/login/ctrmock?origin=..` is a form asking for a `user_id`; with `user_id` (and',
  '  optionally `org_id`) it logs that user in without a password and goes to `login/ctrmock/answer?code=..&state=..`,',
  '  which sets the `iroh-session` cookie (12 hours) and returns to `origin` with a one-time `code` (60 s) that',
  '  `POST /iroh/iroh-auth/code` redeems for an access token. `session/validate`, `session/exchange` and',
  '  `session/logout` read the cookie; `GET /iroh/iroh-auth/logout` ends it and returns to `redirect_after_login`.',
  '- `GET /iroh/oauth2/authorize` has no consent screen: the user of the session approves, or the user named by',
  '  ctrmock\'s own `user_id` parameter (for scripts that skip the login pages); without either it redirects to the',
  '  login and back. Codes live 300 s and work once (a replay revokes what the code gave); `code_challenge` (S256 or',
  '  plain) is checked against `code_verifier`. Refresh tokens rotate on every use; reusing a spent one revokes all',
  '  tokens of that authorization. `POST /iroh/oauth2/revoke` (RFC 7009) revokes a refresh token.',
  '- OAuth clients are confidential (id and secret, Basic or form); their `grants` are `auth-code` and `client-creds`',
  '  as recorded, and only `auth-code` is used by ctrmock (client credentials stay with API clients).',
]

// Why the Swagger operations ctrmock leaves at 501 stay there.
const WHY_NOT = [
  '- `iroh-auth` `/invite/confirm`, `/invite/prompt/{invite-id}` and `/handle-org-access-request`: browser pages reached',
  '  from the e-mails Cisco sends to invite a user or to ask an org admin for access. ctrmock sends no e-mail and keeps no',
  '  invitations or access requests, so no code these pages take could exist.',
  '- `iroh-enrich/query/ocsf` and `query/ocsf-sync` run OCSF queries against Cisco\'s data lake, which ctrmock does not have.',
  '- `iroh-private-intel` `/mitre/coverage-matrix` and its `tactic`, `technique`, `adversary`, `configuration` and',
  '  `adversaries-for-techniques` drawers: they rate how far the org\'s products (their detection engines, modes and',
  '  policies) cover each ATT&CK technique, and match adversaries from Cisco\'s global intelligence to techniques.',
  '  ctrmock has neither products\' detection coverage nor an adversary catalogue, so every figure would be invented.',
]

// How ctrmock answers the /iroh/private-intel operations it implements.
const PRIVATE_INTEL = [
  '## Private intelligence (`iroh-private-intel`)',
  '',
  '- Served when CTR has an intel service (`INTEL_URL`); every call reaches it with the caller\'s own token.',
  '- MITRE tactics are the 14 ATT&CK enterprise tactics (`services/ctr/src/data/mitre-attack-tactics.json`); their',
  '  techniques are the org\'s attack patterns with a `mitre-attack` external reference, placed under a tactic by their',
  '  `mitre-attack` kill chain phase. An incident\'s tactics are those its `tactics` field names, with the techniques',
  '  its `techniques` field names. Incidents per technique counts the org\'s incidents naming each technique.',
  '- Incident summaries add a `context` of the assets, asset mappings and properties, incidents, indicators, malware',
  '  and sightings related to each incident by a relationship (either way).',
  '- Asset-property updates replace `cisco:ctr:assetValue` (its value as a string) and `cisco:ctr:labels` (one',
  '  property per label) in the asset\'s one asset-properties entity, which they create if needed, and answer the',
  '  entity (the bulk form a list of them). `rescore_incident_ids` is checked, not acted on: ctrmock computes no',
  '  incident scores. The Swagger names no scope for them; ctrmock asks for `private-intel:write`.',
  '- The org\'s default Private Intelligence module instance is listed by `/iroh/iroh-int/module-instance`; a PATCH',
  '  stores it with the change under the same id, and DELETE answers 403 (turn it off with `enabled: false`).',
  '- `/iroh/iroh-enrich/{observe,deliberate,refer}/sighting_ref` takes a JSON string, a sighting\'s id or short id',
  '  (`sighting-…`), reads that sighting of the org with CTR\'s own token for the org, and enriches its observables and',
  '  its targets\' as `/sighting` does: 400 for a string that names no sighting, 404 for a sighting the org does not',
  '  have (or without a private intelligence), 503/504 when the intel service is unreachable or slow.',
]

// What ctrmock records as events, delivers to webhooks and keeps as feedback.
const EVENTS = [
  '## Events, webhooks and feedback (`iroh-event`, `iroh-webhook`, `iroh-feedback`)',
  '',
  '- CTR records an event when a module instance is created, changed (`state_changed?` says whether it was turned on',
  '  or off) or deleted, and when an incident is created, changed (with its `updated_fields`), moved to another status',
  '  or deleted, or a note is created, through `/iroh/private-intel` (bundle import and bulk delete included). Writes',
  '  made straight to the intel service\'s `/ctia` routes are CTIA\'s own events (`GET /ctia/event/search`), not IROH\'s.',
  '- `POST /event/search` takes an object of event fields (a bare name is a field of `data`, a dotted path such as',
  '  `emiter.user_id` reaches the rest) and the value each must hold, or a list of values; newest first unless',
  '  `sort_order=asc`, paged by `offset` and `limit` (100). `fields` is not applied. `/event/incident/{id}` lists an',
  '  incident\'s changes, notes and workflows (`include` picks among `incident_changes`, `notes`, `response_actions`).',
  '- A `url` webhook with `source: "iroh-events"` is called (POST, the event as JSON) for each event whose type is in',
  '  its `event_type_filter` and whose data holds every field of its `event_filter_map`, with an IROH JWT of the',
  '  webhook\'s user as `auth.conf.client_id` when `auth` asks for one (check it against `/.well-known/jwks`). The call',
  '  does not hold up the request that caused the event; each call leaves a webhook result (`success`, or `failure`',
  '  with why). Its URL must pass `RELAY_URL_ALLOWLIST`. A webhook or result of `user` visibility is seen by its user',
  '  only. DELETE answers what it deleted. `webhook_type: "workflow"` is refused (400): ctrmock runs no orchestration.',
  '- A webhook with `source: "ctia-events"` takes `record-created`, `record-updated` and `record-deleted`: CTR reads',
  '  the org\'s private intelligence event log (`/ctia/event/search`) every `WEBHOOK_POLL_MS` (1000) from where it',
  '  stopped, and calls the webhook with each CTIA event made after it whose entity\'s type is in `record_type_filter`',
  '  (any, if empty) and whose entity holds every field of `event_filter_map`. Each page of the log is claimed before',
  '  it is delivered, so of several CTR replicas one calls the webhook.',
  '- Feedback keeps who sent it (the token\'s user, org and client, the user\'s role, `user_idp: "ctrmock"`).',
  '- API clients get the `event`, `feedback` and `webhook` scopes by default.',
]

function statuses(list: Exchange[]): string {
  return [...new Set(list.map((e) => e.status))].sort().join(', ')
}

export function renderConformance(exchanges: Exchange[]): string {
  const notImplemented = new Set(notImplementedOperations().map(([m, p]) => `${m} ${p}`))
  const rows = swaggerOperations().map(({ spec, operation }) => {
    if (notImplemented.has(operation)) return `| ${spec} | \`${operation}\` | not implemented (501) | — | — |`
    const mine = exchanges.filter((e) => e.operation === operation)
    const validated = mine.filter((e) => e.documented && e.errors.length === 0)
    const undocumented = mine.filter((e) => !e.documented)
    return `| ${spec} | \`${operation}\` | implemented | ${validated.length ? statuses(validated) : '**none**'} | ${undocumented.length ? statuses(undocumented) : '—'} |`
  })
  const implemented = rows.filter((r) => r.includes('| implemented |')).length
  return [
    '# CTR (IROH) conformance to Cisco\'s Swagger',
    '',
    'Generated by `pnpm --filter @ctrmock/ctr conformance` (services/ctr/scripts/conformance.ts); do not edit.',
    'Each implemented operation is called as Cisco\'s clients call it (services/ctr/test/support/exercise.ts) and every',
    'request and response is validated against Cisco\'s Swagger v1.0.107 in `specs/iroh/<spec>.json` with',
    '`@ctrmock/kit/contract`. `services/ctr/test/routes/contract.test.ts` fails when an implemented operation stops',
    'validating or when this file is out of date. Operations not implemented answer 501 in the IROH error shape.',
    '',
    `${implemented} of ${rows.length} Swagger operations implemented.`,
    '',
    '| Swagger | Operation | Status | Validated responses | Also answers (status not in the Swagger) |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Not implemented, and why',
    '',
    ...WHY_NOT,
    '',
    ...PRIVATE_INTEL,
    '',
    ...EVENTS,
    '',
    ...LOGIN,
    '',
    '## Served beyond these Swagger files',
    '',
    ...BEYOND_SWAGGER.map((op) => `- \`${op}\``),
    '',
    ...renderSdkTable(),
  ].join('\n')
}
