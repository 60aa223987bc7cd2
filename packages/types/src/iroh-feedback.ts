// IROH feedback (/iroh/iroh-feedback): a user's note to Cisco about the product, field for field as Cisco's
// iroh-feedback Swagger v1.0.107 (specs/iroh/iroh-feedback.json).
import { Type, type Static } from '@sinclair/typebox'

const Experience = Type.Integer({ minimum: 1, maximum: 5 })
const Text = (maxLength: number) => Type.String({ maxLength })

export const NewFeedbackParams = Type.Object({
  bug: Type.Boolean(),
  contact_allowed: Type.Boolean(),
  text: Type.String({ minLength: 1, maxLength: 10_000 }),
  experience: Type.Optional(Experience),
  user_email: Type.Optional(Text(320)),
  user_name: Type.Optional(Text(500)),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
}, { additionalProperties: false })
export type NewFeedbackParams = Static<typeof NewFeedbackParams>

export const Feedback = Type.Object({
  id: Type.String(),
  org_id: Type.String(),
  org_name: Type.Optional(Type.String()),
  user_id: Type.String(),
  user_role: Type.String(),
  user_idp: Type.String(),
  client_id: Type.String(),
  created_at: Type.String(),
  bug: Type.Boolean(),
  contact_allowed: Type.Boolean(),
  text: Type.String(),
  experience: Type.Optional(Experience),
  user_email: Type.Optional(Type.String()),
  user_name: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
}, { additionalProperties: false })
export type Feedback = Static<typeof Feedback>
