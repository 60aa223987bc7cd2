// CTIM building blocks shared by sightings, judgements, verdicts, indicators and relationships (threatgrid/ctim
// 1.3.29 `common.cljc`/`vocabularies.cljc`, checked against the IROH enrich Swagger; cisco-api.md §3.1).
import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { literalUnion } from './literal-union.ts'
import { Observable } from './observable.ts'
import './formats.ts'

export const CTIM_SCHEMA_VERSION = '1.3.29'

// ISO-8601 instant; CTIM's "far future" end is 2525-01-01T00:00:00.000Z.
export const CtimTime = Type.String({ format: 'date-time' })
export type CtimTime = Static<typeof CtimTime>
export const CTIM_FAR_FUTURE = '2525-01-01T00:00:00.000Z'

export const TLPS = ['red', 'amber', 'green', 'white'] as const
export const Tlp = literalUnion(TLPS)
export type Tlp = Static<typeof Tlp>

export const CONFIDENCES = ['Info', 'Low', 'Medium', 'High', 'None', 'Unknown'] as const
export const Confidence = literalUnion(CONFIDENCES)
export type Confidence = Static<typeof Confidence>

export const SEVERITIES = ['Info', 'Low', 'Medium', 'High', 'Critical', 'None', 'Unknown'] as const
export const Severity = literalUnion(SEVERITIES)
export type Severity = Static<typeof Severity>

// Disposition number ↔ name; verdict ties are broken in this order (Clean first).
export const DISPOSITIONS = { 1: 'Clean', 2: 'Malicious', 3: 'Suspicious', 4: 'Common', 5: 'Unknown' } as const
export const Disposition = Type.Union([
  Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5),
])
export type Disposition = Static<typeof Disposition>
export const DISPOSITION_NAMES = ['Clean', 'Malicious', 'Suspicious', 'Common', 'Unknown'] as const
export const DispositionName = literalUnion(DISPOSITION_NAMES)
export type DispositionName = Static<typeof DispositionName>
export const DISPOSITION_BY_NAME: Record<DispositionName, Disposition> = {
  Clean: 1, Malicious: 2, Suspicious: 3, Common: 4, Unknown: 5,
}

// Open vocabularies: any string is valid, these are the values CTIM names.
export const RESOLUTIONS = ['detected', 'blocked', 'allowed', 'contained'] as const
export const SENSORS = [
  'endpoint', 'endpoint.digital-telephone-handset', 'endpoint.laptop', 'endpoint.pos-terminal', 'endpoint.printer',
  'endpoint.sensor', 'endpoint.server', 'endpoint.smart-meter', 'endpoint.smart-phone', 'endpoint.tablet',
  'endpoint.workstation', 'network', 'network.bridge', 'network.firewall', 'network.gateway', 'network.guard',
  'network.hips', 'network.hub', 'network.ids', 'network.ips', 'network.modem', 'network.nic', 'network.proxy',
  'network.router', 'network.security_manager', 'network.sense_making', 'network.sensor', 'network.switch',
  'network.vpn', 'network.wap', 'process', 'process.aaa-server', 'process.anti-virus-scanner',
  'process.connection-scanner', 'process.directory-service', 'process.dns-server', 'process.email-service',
  'process.file-scanner', 'process.location-service', 'process.network-scanner', 'process.remediation-service',
  'process.reputation-service', 'process.sandbox', 'process.virtualization-service', 'process.vulnerability-scanner',
] as const
// Observed-relation names seen from CiscoSecurity modules (open vocabulary).
export const OBSERVED_RELATIONS = [
  'Resolved_To', 'Connected_To', 'Sent_By', 'Sent_To', 'Attached_To', 'Contains', 'Downloaded_From', 'Related_To',
] as const

export const ObservedTime = Type.Object(
  { start_time: CtimTime, end_time: Type.Optional(CtimTime) },
  { additionalProperties: false },
)
export type ObservedTime = Static<typeof ObservedTime>

export const ValidTime = Type.Object(
  { start_time: Type.Optional(CtimTime), end_time: Type.Optional(CtimTime) },
  { additionalProperties: false },
)
export type ValidTime = Static<typeof ValidTime>

export const ExternalReference = Type.Object(
  {
    source_name: Type.String(),
    description: Type.Optional(Type.String()),
    url: Type.Optional(Type.String()),
    hashes: Type.Optional(Type.Array(Type.String())),
    external_id: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type ExternalReference = Static<typeof ExternalReference>

// A sighting target (the device the sighting happened on).
export const IdentitySpecification = Type.Object(
  {
    type: Type.String(),
    observables: Type.Array(Observable),
    observed_time: ObservedTime,
    os: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type IdentitySpecification = Static<typeof IdentitySpecification>

export const SensorCoordinates = Type.Object(
  { type: Type.String(), observables: Type.Array(Observable), os: Type.Optional(Type.String()) },
  { additionalProperties: false },
)
export type SensorCoordinates = Static<typeof SensorCoordinates>

export const ObservedRelation = Type.Object(
  {
    origin: Type.String(),
    origin_uri: Type.Optional(Type.String()),
    relation: Type.String(),
    relation_info: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    source: Observable,
    related: Observable,
  },
  { additionalProperties: false },
)
export type ObservedRelation = Static<typeof ObservedRelation>

// Fields every stored CTIM entity may carry (Base + Describable + Sourcable), plus what IROH adds on the way out.
export const ctimEntityFields = {
  id: Type.String(),
  schema_version: Type.String(),
  revision: Type.Optional(Type.Integer({ minimum: 0 })),
  external_ids: Type.Optional(Type.Array(Type.String())),
  external_references: Type.Optional(Type.Array(ExternalReference)),
  timestamp: Type.Optional(CtimTime),
  language: Type.Optional(Type.String()),
  tlp: Type.Optional(Tlp),
  created: Type.Optional(CtimTime),
  modified: Type.Optional(CtimTime),
  client_id: Type.Optional(Type.String()),
} satisfies Record<string, TSchema>

export const ctimDescribableFields = {
  title: Type.Optional(Type.String({ maxLength: 1024 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  short_description: Type.Optional(Type.String({ maxLength: 2048 })),
} satisfies Record<string, TSchema>

export const ctimSourcableFields = {
  source: Type.Optional(Type.String({ maxLength: 2048 })),
  source_uri: Type.Optional(Type.String()),
} satisfies Record<string, TSchema>
