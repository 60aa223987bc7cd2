// CTIM Verdict: the winning judgement's disposition for an observable, what deliberate returns (threatgrid/ctim
// verdict.cljc; IROH enrich Swagger `Verdict`: no id or schema_version required; cisco-api.md §3.3).
import { Type, type Static } from '@sinclair/typebox'
import { Observable } from './observable.ts'
import { CtimTime, Disposition, DispositionName, ValidTime } from './ctim-common.ts'

export const Verdict = Type.Object(
  {
    type: Type.Literal('verdict'),
    disposition: Disposition,
    observable: Observable,
    valid_time: ValidTime,
    disposition_name: Type.Optional(DispositionName),
    judgement_id: Type.Optional(Type.String()),
    created: Type.Optional(CtimTime),
    modified: Type.Optional(CtimTime),
    client_id: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type Verdict = Static<typeof Verdict>
