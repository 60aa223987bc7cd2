// What the tracked-message searches' SQL shares: one appliance's messages in a window, and LIKE patterns built from
// values the user typed.

/** A value inside a LIKE pattern, its wildcards escaped ("a_c" means a_c). */
export const likeLiteral = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`)

/** A statement's text and its $n values. */
export interface Query {
  text: string
  values: unknown[]
}

/** The window's values ($1 to $3; timestamps are stored without a zone, in UTC) and the condition naming them. */
export function windowOf(c: { applianceId: string; from: Date; to: Date }): { values: unknown[]; condition: string } {
  return {
    values: [c.applianceId, c.from.toISOString(), c.to.toISOString()],
    condition: `"applianceId" = $1
      AND "timestamp" >= ($2::timestamptz AT TIME ZONE 'UTC') AND "timestamp" <= ($3::timestamptz AT TIME ZONE 'UTC')`,
  }
}
