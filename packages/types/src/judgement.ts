// CTIM Judgement: a source's disposition of one observable for a time window (threatgrid/ctim judgement.cljc;
// IROH enrich Swagger `Judgement`; cisco-api.md §3.3). Priority: automated ≤ 90, curated 95, human 100.
import { Type, type Static } from '@sinclair/typebox'
import { Observable } from './observable.ts'
import {
  Confidence, ctimDescribableFields, ctimEntityFields, ctimSourcableFields, Disposition, DispositionName, Severity,
  ValidTime,
} from './ctim-common.ts'

export const Judgement = Type.Object(
  {
    ...ctimEntityFields,
    ...ctimDescribableFields,
    ...ctimSourcableFields,
    type: Type.Literal('judgement'),
    source: Type.String({ maxLength: 2048 }),
    observable: Observable,
    disposition: Disposition,
    disposition_name: DispositionName,
    priority: Type.Integer({ minimum: 0, maximum: 100 }),
    confidence: Confidence,
    severity: Severity,
    valid_time: ValidTime,
    reason: Type.Optional(Type.String({ maxLength: 1024 })),
    reason_uri: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type Judgement = Static<typeof Judgement>
