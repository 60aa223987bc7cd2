// CTIM Sighting: "this observable was seen here, then" (threatgrid/ctim sighting.cljc; IROH enrich Swagger `Sighting`;
// cisco-api.md §3.2). What the ESA module answers for a tracked message.
import { Type, type Static } from '@sinclair/typebox'
import { Observable } from './observable.ts'
import {
  Confidence, ctimDescribableFields, ctimEntityFields, ctimSourcableFields, IdentitySpecification, ObservedRelation,
  ObservedTime, SensorCoordinates, Severity,
} from './ctim-common.ts'

export const SightingDataTable = Type.Object(
  {
    columns: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          type: Type.String(),
          description: Type.Optional(Type.String()),
          short_description: Type.Optional(Type.String()),
          required: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    rows: Type.Array(Type.Array(Type.Unknown())),
    row_count: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
)
export type SightingDataTable = Static<typeof SightingDataTable>

export const Sighting = Type.Object(
  {
    ...ctimEntityFields,
    ...ctimDescribableFields,
    ...ctimSourcableFields,
    type: Type.Literal('sighting'),
    confidence: Confidence,
    count: Type.Integer({ minimum: 0 }),
    observed_time: ObservedTime,
    internal: Type.Optional(Type.Boolean()),
    severity: Type.Optional(Severity),
    resolution: Type.Optional(Type.String()),
    sensor: Type.Optional(Type.String()),
    sensor_coordinates: Type.Optional(SensorCoordinates),
    targets: Type.Optional(Type.Array(IdentitySpecification)),
    observables: Type.Optional(Type.Array(Observable)),
    relations: Type.Optional(Type.Array(ObservedRelation)),
    data: Type.Optional(SightingDataTable),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    activity_interval: Type.Optional(ObservedTime),
    detection_interval: Type.Optional(ObservedTime),
    modification_interval: Type.Optional(ObservedTime),
  },
  { additionalProperties: false },
)
export type Sighting = Static<typeof Sighting>
