// The module types built into CTR (Email Security Appliance, a generic relay module, Mock Intelligence, and Private
// Intelligence where the region has an intel service), the same for every org of a region.
import { RELAY_APIS, RELAY_DECLARABLE_APIS, type ModuleType } from '@ctrmock/types'
import { stableUuid } from './random.ts'

export type ModuleKind = 'esa' | 'relay' | 'mock-intel' | 'private-intel'

export const ESA_DEFAULT_TIMEFRAME_DAYS = 30
export const ESA_MAX_TIMEFRAME_DAYS = 365

/** A module type as the Swagger's ModuleType: only its fields, each as Cisco names it. */
export type ModuleTypeView = ModuleType

/** A module type as enrich and module instances need it: built in or an org's own. */
export interface ResolvedModuleType {
  kind: ModuleKind
  view: ModuleTypeView
  properties: Record<string, unknown>
  maxInstances?: number
}

/** The region's built-in types by id, made once per service. */
export type BuiltinModuleTypes = ReadonlyMap<string, ResolvedModuleType>

// Built-in types belong to no org; their ids differ per region, as Cisco's do.
const BUILTIN_OWNER = { org_id: 'global', user_id: 'ctrmock', client_id: 'ctrmock' }
const BUILTIN_CREATED_AT = '2020-05-14T00:00:00.000Z'

// The ids Cisco's cloud is seen to give built-in types (the threatresponse SDK's functional tests, run against NAM).
const CISCO_TYPE_IDS: Partial<Record<`${ModuleKind}:${string}`, string>> = {
  'private-intel:NAM': '2c8b4134-c521-5be5-aaf8-af06e5e27cbb',
}

export function builtinModuleTypeId(kind: ModuleKind, region: string): string {
  return CISCO_TYPE_IDS[`${kind}:${region}`] ?? stableUuid(`ctrmock-module-type:${kind}:${region}`)
}

const RELAY_API_OPTIONS = RELAY_DECLARABLE_APIS.map((api) => ({ value: api, label: api }))

/** The record of a relay module's type, built-in or an org's own, as IROH names it (the SDK's functional tests). */
export const RELAY_MODULE_RECORD = 'relay-module.module/RelayModule'

function builtin(kind: ModuleKind, region: string, fields: Record<string, unknown> & { title: string; default_name: string; properties: Record<string, unknown> }, maxInstances?: number): ResolvedModuleType {
  return {
    kind, properties: fields.properties, ...(maxInstances === undefined ? {} : { maxInstances }),
    view: {
      id: builtinModuleTypeId(kind, region), ...BUILTIN_OWNER, record: kind === 'relay' ? RELAY_MODULE_RECORD : kind, visibility: 'global', enabled: true,
      created_at: BUILTIN_CREATED_AT, updated_at: BUILTIN_CREATED_AT, ...fields,
    } as ModuleType,
  }
}

// One per org, as in Cisco's cloud: it reads the org's own private intelligence.
function privateIntelligence(region: string): ResolvedModuleType {
  return builtin('private-intel', region, {
    title: 'Private Intelligence',
    default_name: 'Private Intelligence',
    short_description: 'The judgements, verdicts, sightings and indicators your organization stores in Private Intelligence.',
    description: 'Reads the organization\'s private intelligence (CTIA) of the same region: observe returns judgements, verdicts, sightings and indicators of the observables, deliberate their verdicts, refer a search of the entities.',
    configuration_spec: [],
    capabilities: [
      { id: 'observe', description: 'Judgements, verdicts, sightings and indicators' },
      { id: 'deliberate', description: 'Verdicts' },
      { id: 'refer', description: 'Search the entities in Private Intelligence' },
      { id: 'health', description: 'Whether the intel service answers' },
    ],
    product_categories: [{ id: 'threat-intel', description: 'Threat intelligence' }],
    properties: { 'supported-apis': ['health', 'deliberate/observables', 'observe/observables', 'refer/observables'] },
    flags: [],
  }, 1)
}

/** `privateIntel`: the region has an intel service, so its orgs get the Private Intelligence module. */
export function builtinModuleTypes(region: string, privateIntel = false): BuiltinModuleTypes {
  return new Map([
    ...(privateIntel ? [privateIntelligence(region)] : []),
    builtin('esa', region, {
      title: 'Email Security Appliance',
      default_name: 'Email Security Appliance',
      short_description: 'The Cisco Email Security Appliance (ESA) provides advanced threat protection capabilities to detect, block, and remediate threats faster, prevent data loss, and secure important information in transit with end-to-end encryption.',
      description: 'Sightings of email observables (subject, Cisco message ID, addresses, message ID, sender IP and domain, attachment names and SHA256) in the message tracking of an ESA registered in Security Services Exchange.',
      tips: 'When configuring Email Security Appliance (ESA) integration, you must first enable the integration in ESA. You then enable Threat Response in Security Services Exchange, add the device and register it. After this is completed, you add the ESA module.\n\nPrerequisite: ESA running minimum AsyncOS 13.0.0-314 (LD) release.',
      configuration_spec: [
        { key: 'device', type: 'device', label: 'Registered Device', required: true, subtype: 'ESA', tooltip: 'A device registered in Security Services Exchange with Cisco Threat Response enabled' },
        { key: 'timeframe', type: 'integer', label: 'Request Timeframe (days)', required: true, default_value: ESA_DEFAULT_TIMEFRAME_DAYS, tooltip: 'How far back message tracking is searched' },
      ],
      capabilities: [
        { id: 'observe', description: 'Sightings of messages matching the observables' },
        { id: 'health', description: 'Whether the registered device is reachable through Security Services Exchange' },
      ],
      product_categories: [{ id: 'email-security', description: 'Email security' }],
      properties: { 'supported-apis': ['health', 'observe/observables'] },
      flags: [],
    }),
    builtin('relay', region, {
      title: 'Relay Module',
      default_name: 'Relay Module',
      short_description: 'A relay module you host, called with Cisco\'s relay protocol.',
      description: 'CTR calls the module URL (health, observe/deliberate/refer/respond observables, respond trigger) with the configured Authorization header; the module\'s errors appear in the aggregate errors.',
      configuration_spec: [
        { key: 'url', type: 'string', label: 'URL', required: true, tooltip: 'Base URL of the relay module' },
        { key: 'auth-type', type: 'string', label: 'Authorization Type', required: false, default_value: 'authorization-header' },
        { key: 'authorization-header', type: 'password', label: 'Authorization Header', required: false, tooltip: 'Sent verbatim as the Authorization header, e.g. "Bearer <JWT>"' },
        { key: 'supported-apis', type: 'options', label: 'Supported APIs', required: false, options: RELAY_API_OPTIONS },
      ],
      capabilities: [
        { id: 'health', description: 'Module health' },
        { id: 'observe', description: 'Observe observables' },
        { id: 'deliberate', description: 'Deliberate observables' },
        { id: 'refer', description: 'Refer observables' },
        { id: 'respond', description: 'Response actions' },
      ],
      properties: { 'auth-type': 'authorization-header', 'supported-apis': [...RELAY_APIS] },
      flags: [],
    }),
    builtin('mock-intel', region, {
      title: 'Mock Intelligence',
      default_name: 'Mock Intelligence',
      short_description: 'Judgements and verdicts you set, per observable.',
      description: 'Judgements come from the instance settings (`judgements`: lines like `ip:1.2.3.4=Malicious`, or a map from "type:value" to a disposition name) and from its own response actions. Deliberate returns the CTIM verdict of each observable; observe adds the judgements; respond offers to mark an observable.',
      configuration_spec: [
        { key: 'judgements', type: 'string', label: 'Judgements', required: false, tooltip: 'One per line: type:value=Clean|Malicious|Suspicious|Common|Unknown' },
        { key: 'priority', type: 'integer', label: 'Judgement Priority', required: false, default_value: 90 },
      ],
      capabilities: [
        { id: 'deliberate', description: 'Verdicts' },
        { id: 'observe', description: 'Judgements and verdicts' },
        { id: 'refer', description: 'Where the judgements are kept' },
        { id: 'respond', description: 'Mark an observable Malicious or Clean' },
        { id: 'health', description: 'Always available' },
      ],
      product_categories: [{ id: 'threat-intel', description: 'Threat intelligence' }],
      properties: { 'supported-apis': ['health', 'deliberate/observables', 'observe/observables', 'refer/observables', 'respond/observables', 'respond/trigger'] },
      flags: [],
    }),
  ].map((t) => [t.view.id, t]))
}
