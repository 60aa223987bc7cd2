// CTIM's verdict of an observable: of its judgements valid now, the one with the highest priority wins; among equal
// priorities Clean beats Malicious, then Suspicious, Common and Unknown (the disposition number, lowest first).
type Doc = Record<string, unknown>

export interface Verdict {
  type: 'verdict'
  disposition: number
  disposition_name: string
  observable: { type: string; value: string }
  judgement_id: string
  valid_time: { start_time?: string; end_time?: string }
}

export function isValidAt(judgement: Doc, now: number): boolean {
  const valid = (judgement.valid_time ?? {}) as { start_time?: string; end_time?: string }
  const start = valid.start_time ? Date.parse(valid.start_time) : -Infinity
  const end = valid.end_time ? Date.parse(valid.end_time) : Infinity
  return start <= now && now < end
}

/** The winning judgement of those given, or undefined when none is valid at `now`. */
export function winningJudgement(judgements: Doc[], now: number): Doc | undefined {
  const valid = judgements.filter((j) => isValidAt(j, now))
  valid.sort((a, b) =>
    Number(b.priority ?? 0) - Number(a.priority ?? 0)
    || Number(a.disposition ?? 5) - Number(b.disposition ?? 5)
    || String((b.valid_time as Doc | undefined)?.start_time ?? '').localeCompare(String((a.valid_time as Doc | undefined)?.start_time ?? ''))
    || String(a.id).localeCompare(String(b.id)))
  return valid[0]
}

export function verdictOf(judgement: Doc): Verdict {
  const valid = (judgement.valid_time ?? {}) as Verdict['valid_time']
  return {
    type: 'verdict',
    disposition: Number(judgement.disposition),
    disposition_name: String(judgement.disposition_name),
    observable: judgement.observable as Verdict['observable'],
    judgement_id: String(judgement.id),
    valid_time: valid,
  }
}
