// Incoming mail policies (Mail Policies > Incoming Mail Policies): named policies above DEFAULT, each with user
// entries saying which senders and recipients it takes; the first policy, top down, that takes a recipient of a mail
// is that recipient's, and DEFAULT takes the rest. An administrator adds a policy (the control plane here, the GUI on
// an appliance); the AsyncOS API reads and changes its users.
import type { IncomingMailPolicyUser, IncomingMailPolicyUserInput } from '@ctrmock/types'
import { findNamed, listName, withChanged } from './config-lists.ts'
import { invalidInput } from './errors.ts'

export const INCOMING_MAIL_POLICY = 'incoming mail policy'
export const DEFAULT_POLICY = 'DEFAULT'
const POLICY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,79}$/
const MAX_USERS = 1000

export interface IncomingMailPolicy {
  name: string
  users: IncomingMailPolicyUser[]
}

/** A new policy, with no users until the API gives it some (until then it takes no mail). */
export function newPolicy(name: string): IncomingMailPolicy {
  if (name.toUpperCase() === DEFAULT_POLICY) throw invalidInput('The DEFAULT policy exists on every appliance.')
  return { name: listName(INCOMING_MAIL_POLICY, name, POLICY_NAME), users: [] }
}

// DEFAULT has no user entries: it takes what no other policy does.
function withUsers(name: string): string {
  if (name.toUpperCase() === DEFAULT_POLICY) throw invalidInput('The DEFAULT policy has no user entries: it takes the mail no other policy takes.')
  return name
}

/** The named policy, one with user entries. */
export function policyNamed(policies: readonly IncomingMailPolicy[], name: string): IncomingMailPolicy {
  return findNamed(policies, withUsers(name), INCOMING_MAIL_POLICY)
}

// user@domain, user@, @domain, @.domain, user@[IPv4] or user@[ipv6:...].
const ENTRY = /^[^@\s]{0,64}@(?:\.?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[(?:\d{1,3}(?:\.\d{1,3}){3}|ipv6:[0-9A-Fa-f:]+)\])?$/

function domainEntries(field: string, given: { domain_entries: string[] }): { domain_entries: string[] } {
  const entries = given.domain_entries.map((entry) => entry.trim())
  if (entries.length === 0) throw invalidInput(`${field}: domain_entries must not be empty.`)
  if (entries.includes('ANY') && entries.length > 1) throw invalidInput(`${field}: ANY stands alone.`)
  const invalid = entries.find((entry) => entry !== 'ANY' && (entry === '@' || !ENTRY.test(entry)))
  if (invalid !== undefined) throw invalidInput(`${field}: invalid entry "${invalid.slice(0, 100)}" (user@domain, user@, @domain, @.domain, user@[ip] or ANY).`)
  return { domain_entries: entries }
}

// Without senders or recipients an entry takes any, as the GUI's "Any Sender" and "Any Recipient" (XSOAR leaves out
// what the user left empty); the appliance answers every entry with both.
const ANY = { domain_entries: ['ANY'] }

/** A user entry as the appliance keeps it: senders or senders it is not; recipients, and recipients it is not with `and`. */
export function userEntry(given: IncomingMailPolicyUserInput): IncomingMailPolicyUser {
  const { sender: named, sender_not: senderNot } = given.sender_config ?? {}
  if (named !== undefined && senderNot !== undefined) throw invalidInput('sender_config names either sender or sender_not.')
  const sender = named ?? (senderNot === undefined ? ANY : undefined)
  const { operation = 'and', receiver = ANY, receiver_not: receiverNot } = given.receiver_config ?? {}
  if (receiverNot !== undefined && operation !== 'and') throw invalidInput('receiver_not needs operation "and".')
  return {
    sender_config: sender ? { sender: domainEntries('sender', sender) } : { sender_not: domainEntries('sender_not', senderNot!) },
    receiver_config: {
      operation, receiver: domainEntries('receiver', receiver),
      ...(receiverNot ? { receiver_not: domainEntries('receiver_not', receiverNot) } : {}),
    },
  }
}

function withinLimit(users: IncomingMailPolicyUser[]): IncomingMailPolicyUser[] {
  if (users.length > MAX_USERS) throw invalidInput(`A policy has at most ${MAX_USERS} user entries.`)
  return users
}

/** The policies with `user` added to the named one's entries. */
export function withUserAdded(policies: readonly IncomingMailPolicy[], name: string, user: IncomingMailPolicyUserInput): IncomingMailPolicy[] {
  return withChanged(policies, withUsers(name), INCOMING_MAIL_POLICY, (policy) => ({ ...policy, users: withinLimit([...policy.users, userEntry(user)]) }))
}

/** The policies with the named one's entries replaced; a policy keeps at least one. */
export function withUsersReplaced(policies: readonly IncomingMailPolicy[], name: string, users: readonly IncomingMailPolicyUserInput[]): IncomingMailPolicy[] {
  if (users.length === 0) throw invalidInput('A policy keeps at least one user entry.')
  return withChanged(policies, withUsers(name), INCOMING_MAIL_POLICY, (policy) => ({ ...policy, users: withinLimit(users.map(userEntry)) }))
}

/** Whether `address` is one the entry names; addresses and entries compare without case. */
function names(entry: string, address: string): boolean {
  if (entry === 'ANY') return true
  const at = address.lastIndexOf('@')
  const [local, domain] = at < 0 ? [address, ''] : [address.slice(0, at), address.slice(at + 1)]
  const [entryLocal = '', entryDomain = ''] = entry.toLowerCase().split('@')
  if (entryLocal && entryLocal !== local.toLowerCase()) return false
  if (!entryDomain) return true
  return entryDomain.startsWith('.') ? domain.toLowerCase().endsWith(entryDomain) : domain.toLowerCase() === entryDomain
}

const anyNamed = (entries: { domain_entries: string[] } | undefined, address: string) => entries?.domain_entries.some((e) => names(e, address)) ?? false

function takes(user: IncomingMailPolicyUser, sender: string, recipient: string): boolean {
  const { sender: senders, sender_not: notSenders } = user.sender_config
  const fromSender = senders ? anyNamed(senders, sender) : !anyNamed(notSenders, sender)
  const toRecipient = anyNamed(user.receiver_config.receiver, recipient) && !anyNamed(user.receiver_config.receiver_not, recipient)
  return user.receiver_config.operation === 'and' ? fromSender && toRecipient : fromSender || toRecipient
}

/** The policy a recipient's copy of a mail from `sender` falls under: the first that takes it, else DEFAULT. */
export function policyOf(policies: readonly IncomingMailPolicy[], sender: string, recipient: string): string {
  return policies.find((policy) => policy.users.some((user) => takes(user, sender, recipient)))?.name ?? DEFAULT_POLICY
}

/** The policies a mail's recipients fall under, each once, in the order of its recipients. */
export function mailPoliciesOf(policies: readonly IncomingMailPolicy[], sender: string, recipients: readonly string[]): string[] {
  return [...new Set(recipients.map((recipient) => policyOf(policies, sender, recipient)))]
}
