// Monitor > Incoming Mail reporting over the AsyncOS API (`mail_incoming_traffic_summary`): the appliance's incoming
// mail in a window, counted per recipient by its verdict. Engines the agent does not run (anti-virus, AMP, URL
// filtering, DMARC, reputation) detect nothing, so their counters are zero.
import type { SpamVerdict } from './spam-quarantine.ts'

export const INCOMING_TRAFFIC_SUMMARY = 'mail_incoming_traffic_summary'

// The order real appliances answer in.
const COUNTERS = [
  'failed_dkim', 'total_graymail_recipients', 'detected_spam', 'malicious_url', 'total_spoofed_emails', 'verif_decrypt_success',
  'detected_virus', 'threat_content_filter', 'blocked_invalid_recipient', 'blocked_sdr', 'marketing_mail',
  'ims_spam_increment_over_case', 'total_mailbox_auto_remediated_recipients', 'detected_spam_certain', 'detected_spam_suspect',
  'blocked_dmarc', 'total_threat_recipients', 'total_recipients', 'verif_decrypt_fail', 'detected_amp', 'bulk_mail', 'social_mail',
  'total_clean_recipients', 'detected_virus_per_msg', 'failed_spf', 'blocked_reputation',
] as const

/** Recipients of the window's incoming mail, by verdict (null: clean). */
export type RecipientsByVerdict = Array<{ verdict: SpamVerdict | null; recipients: number }>

/** The report's resultSet: one {counter: value} per counter. A blocklisted sender's mail counts as certain spam. */
export function incomingTrafficSummary(rows: RecipientsByVerdict): Array<Record<string, number>> {
  const of = (...verdicts: Array<SpamVerdict | null>) => rows.filter((r) => verdicts.includes(r.verdict)).reduce((sum, r) => sum + r.recipients, 0)
  const certain = of('positive', 'blocklist')
  const suspect = of('suspect')
  const marketing = of('marketing')
  const total = of('positive', 'blocklist', 'suspect', 'marketing', null)
  const values: Partial<Record<(typeof COUNTERS)[number], number>> = {
    detected_spam: certain + suspect, detected_spam_certain: certain, detected_spam_suspect: suspect,
    total_threat_recipients: certain + suspect, marketing_mail: marketing, total_graymail_recipients: marketing,
    total_recipients: total, total_clean_recipients: total - certain - suspect - marketing,
  }
  return COUNTERS.map((counter) => ({ [counter]: values[counter] ?? 0 }))
}
