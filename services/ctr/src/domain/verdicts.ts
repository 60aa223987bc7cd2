// CTIM's verdict rule: of an observable's judgements valid now, the highest priority wins; ties go to the
// disposition first in Clean > Malicious > Suspicious > Common > Unknown (lowest number first).
import { DISPOSITIONS, type Judgement, type Observable, type Verdict } from '@ctrmock/types'

function validAt(judgement: Judgement, now: Date): boolean {
  const { start_time: start, end_time: end } = judgement.valid_time
  const t = now.getTime()
  return (!start || Date.parse(start) <= t) && (!end || t < Date.parse(end))
}

function sameObservable(a: Observable, b: Observable): boolean {
  return a.type === b.type && a.value === b.value
}

export function winningJudgement(judgements: readonly Judgement[], observable: Observable, now: Date): Judgement | undefined {
  let best: Judgement | undefined
  for (const judgement of judgements) {
    if (!sameObservable(judgement.observable, observable) || !validAt(judgement, now)) continue
    if (!best || judgement.priority > best.priority
      || (judgement.priority === best.priority && judgement.disposition < best.disposition)) best = judgement
  }
  return best
}

export function verdictOf(judgement: Judgement): Verdict {
  return {
    type: 'verdict',
    disposition: judgement.disposition,
    disposition_name: DISPOSITIONS[judgement.disposition],
    observable: judgement.observable,
    judgement_id: judgement.id,
    valid_time: judgement.valid_time,
  }
}

/** One verdict per observable that has a judgement valid now. */
export function verdicts(judgements: readonly Judgement[], observables: readonly Observable[], now: Date): Verdict[] {
  return observables.flatMap((observable) => {
    const winner = winningJudgement(judgements, observable, now)
    return winner ? [verdictOf(winner)] : []
  })
}

/** One verdict from several modules' verdicts (equal standing, so CTIM's tie order decides: Clean first). */
export function reputation(candidates: readonly Verdict[]): Verdict | undefined {
  let best: Verdict | undefined
  for (const verdict of candidates) if (!best || verdict.disposition < best.disposition) best = verdict
  return best
}
