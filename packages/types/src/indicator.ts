// CTIM Indicator: a detection pattern a judgement or sighting can point at (threatgrid/ctim indicator.cljc; IROH
// enrich Swagger `Indicator`; cisco-api.md §3.3). `specification` stays open: five shapes, none needed here.
import { Type, type Static } from '@sinclair/typebox'
import {
  Confidence, ctimDescribableFields, ctimEntityFields, ctimSourcableFields, Severity, ValidTime,
} from './ctim-common.ts'

export const Indicator = Type.Object(
  {
    ...ctimEntityFields,
    ...ctimDescribableFields,
    ...ctimSourcableFields,
    type: Type.Literal('indicator'),
    producer: Type.String(),
    valid_time: ValidTime,
    confidence: Type.Optional(Confidence),
    severity: Type.Optional(Severity),
    negate: Type.Optional(Type.Boolean()),
    indicator_type: Type.Optional(Type.Array(Type.String())),
    tags: Type.Optional(Type.Array(Type.String())),
    likely_impact: Type.Optional(Type.String()),
    test_mechanisms: Type.Optional(Type.Array(Type.String())),
    kill_chain_phases: Type.Optional(
      Type.Array(Type.Object({ kill_chain_name: Type.String(), phase_name: Type.String() })),
    ),
    composite_indicator_expression: Type.Optional(
      Type.Object({ operator: Type.Union([Type.Literal('and'), Type.Literal('or'), Type.Literal('not')]), indicator_ids: Type.Array(Type.String()) }),
    ),
    specification: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)
export type Indicator = Static<typeof Indicator>
