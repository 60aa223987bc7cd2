// CTIM Relationship: a typed link between two entities by id, e.g. sighting-of an indicator (threatgrid/ctim
// relationship.cljc; IROH enrich Swagger `Relationship`; cisco-api.md §3.3).
import { Type, type Static } from '@sinclair/typebox'
import { ctimDescribableFields, ctimEntityFields, ctimSourcableFields } from './ctim-common.ts'

// Open vocabulary (ctim `relationship-type`).
export const RELATIONSHIP_TYPES = [
  'attributed-to', 'based-on', 'derived-from', 'detects', 'duplicate-of', 'element-of', 'exploits', 'indicates',
  'member-of', 'mitigates', 'related-to', 'sighting-of', 'subtechnique-of', 'targets', 'technique-of', 'uses',
  'variant-of', 'phase-of', 'task-of',
] as const

export const Relationship = Type.Object(
  {
    ...ctimEntityFields,
    ...ctimDescribableFields,
    ...ctimSourcableFields,
    type: Type.Literal('relationship'),
    relationship_type: Type.String(),
    source_ref: Type.String(),
    target_ref: Type.String(),
  },
  { additionalProperties: false },
)
export type Relationship = Static<typeof Relationship>
