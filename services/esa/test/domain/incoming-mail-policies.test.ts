// Which incoming mail policy takes a recipient's mail: entry forms, sender_not, and how operation joins sender and
// recipient conditions; without HTTP or Postgres.
import t from 'tap'
import type { IncomingMailPolicyUser } from '@ctrmock/types'
import { mailPoliciesOf, newPolicy, policyOf, withUserAdded, withUsersReplaced, type IncomingMailPolicy } from '../../src/domain/incoming-mail-policies.ts'

const user = (sender: Record<string, string[]>, operation: 'and' | 'or', receiver: string[], receiverNot?: string[]): IncomingMailPolicyUser => ({
  sender_config: Object.fromEntries(Object.entries(sender).map(([k, v]) => [k, { domain_entries: v }])),
  receiver_config: { operation, receiver: { domain_entries: receiver }, ...(receiverNot ? { receiver_not: { domain_entries: receiverNot } } : {}) },
})
const policy = (name: string, ...users: IncomingMailPolicyUser[]): IncomingMailPolicy => ({ name, users })

t.test('entry forms name addresses without regard to case', async (t) => {
  const cases: Array<[string, string, boolean]> = [
    ['Bob@Corp.Example', 'bob@corp.example', true], ['bob@', 'bob@anywhere.example', true], ['bob@', 'rob@corp.example', false],
    ['@corp.example', 'x@CORP.example', true], ['@corp.example', 'x@eu.corp.example', false], ['@.corp.example', 'x@eu.corp.example', true],
    ['@.corp.example', 'x@corp.example', false], ['x@[10.0.0.1]', 'x@[10.0.0.1]', true], ['ANY', '', true],
  ]
  for (const [entry, address, taken] of cases) {
    t.equal(policyOf([policy('P', user({ sender: ['ANY'] }, 'and', [entry]))], 'from@x.example', address), taken ? 'P' : 'DEFAULT', `${entry} names ${address}: ${taken}`)
  }
})

t.test('sender_not, receiver_not and the operation', async (t) => {
  const notPartners = [policy('Staff', user({ sender_not: ['@partner.example'] }, 'and', ['@corp.example'], ['ceo@']))]
  t.equal(policyOf(notPartners, 'a@other.example', 'bob@corp.example'), 'Staff')
  t.equal(policyOf(notPartners, 'a@partner.example', 'bob@corp.example'), 'DEFAULT', 'a sender it is not')
  t.equal(policyOf(notPartners, 'a@other.example', 'ceo@corp.example'), 'DEFAULT', 'a recipient it is not')
  const either = [policy('Either', user({ sender: ['@partner.example'] }, 'or', ['ceo@corp.example']))]
  t.equal(policyOf(either, 'a@partner.example', 'bob@corp.example'), 'Either', 'the sender alone, with or')
  t.equal(policyOf(either, 'a@other.example', 'ceo@corp.example'), 'Either', 'the recipient alone, with or')
  t.equal(policyOf(either, 'a@other.example', 'bob@corp.example'), 'DEFAULT')
  t.same(mailPoliciesOf([...either, ...notPartners], 'a@other.example', ['ceo@corp.example', 'bob@corp.example', 'z@corp.example', 'x@y.example']), ['Either', 'Staff', 'DEFAULT'], 'each once, in recipient order; first policy wins')
})

t.test('policies and their users: DEFAULT is not one to add or change; a policy keeps at least one user', async (t) => {
  t.throws(() => newPolicy('Default'), /exists on every appliance/)
  const policies = [newPolicy('Executives')]
  const entry = user({ sender: ['ANY'] }, 'or', ['ANY'])
  t.same(withUserAdded(policies, 'Executives', entry)[0]!.users, [entry])
  t.throws(() => withUserAdded(policies, 'DEFAULT', entry), /no user entries/)
  t.throws(() => withUsersReplaced(policies, 'Executives', []), /at least one/)
  t.throws(() => withUserAdded(policies, 'Nobody', entry), /does not exist/)
  t.same(policies[0]!.users, [], 'the policies given are not changed')
})
