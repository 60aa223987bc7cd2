// What the AsyncOS API's named configuration lists share (dictionaries, URL lists, file hash lists, message
// filters): the scope a change names, the names themselves, and adding, changing and removing by name in order.
import type { ConfigMode } from '@ctrmock/types'
import type { Appliance } from './appliances.ts'
import { invalidInput, notFound } from './errors.ts'

export const CONFIG_KINDS = ['dictionary', 'url_list', 'file_hash_list', 'message_filter', 'incoming_mail_policy'] as const
export type ConfigKind = (typeof CONFIG_KINDS)[number]

export const CHANGE_MESSAGES = { added: 'Added Successfully', updated: 'Updated Successfully', deleted: 'Deleted Successfully' } as const

export interface ConfigScope {
  device_type?: string
  mode?: ConfigMode
  host_name?: string
  group_name?: string
}

/**
 * Checks the scope a call names (every /config call names `device_type=esa`) against this appliance, which is one
 * machine in no cluster group: `cluster` (the default) and `machine` with its own host name reach it; a group or
 * another host does not exist here.
 */
export function checkScope(appliance: Appliance, scope: ConfigScope): void {
  if (scope.device_type === undefined) throw invalidInput('Missing attribute - device_type.')
  if (scope.device_type !== 'esa') throw invalidInput(`Invalid device_type "${scope.device_type}": expected esa.`)
  if (scope.mode === 'group') {
    if (!scope.group_name) throw invalidInput('group_name is required when mode is group.')
    throw notFound(`Group ${scope.group_name} not found: ${appliance.hostname} is in no cluster group.`)
  }
  if (scope.mode === 'machine') {
    if (!scope.host_name) throw invalidInput('host_name is required when mode is machine.')
    if (scope.host_name.toLowerCase() !== appliance.hostname.toLowerCase()) throw notFound(`Machine ${scope.host_name} not found: this appliance is ${appliance.hostname}.`)
  }
}

export interface Named {
  name: string
}

const LIST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$/

/** A list's name as the GUI accepts it: letters, digits, `_`, `.` and `-`, at most 80. */
export function listName(label: string, value: string, pattern = LIST_NAME): string {
  if (!pattern.test(value)) throw invalidInput(`Invalid ${label} name "${value.slice(0, 100)}".`)
  return value
}

export function findNamed<T extends Named>(current: readonly T[], name: string, label: string): T {
  const found = current.find((entry) => entry.name === name)
  if (!found) throw notFound(`The ${label} ${name} does not exist.`)
  return found
}

/** The list with `entry` added at `position` (0-based, default last); its name must be new. */
export function withAdded<T extends Named>(current: readonly T[], entry: T, label: string, position = current.length): T[] {
  if (current.some((e) => e.name === entry.name)) throw invalidInput(`The ${label} ${entry.name} already exists.`)
  return [...current.slice(0, position), entry, ...current.slice(position)]
}

/** The list with the named entry replaced by what `change` makes of it, in its place. */
export function withChanged<T extends Named>(current: readonly T[], name: string, label: string, change: (entry: T) => T): T[] {
  const changed = change(findNamed(current, name, label))
  if (changed.name !== name && current.some((e) => e.name === changed.name)) throw invalidInput(`The ${label} ${changed.name} already exists.`)
  return current.map((entry) => (entry.name === name ? changed : entry))
}

/** The list without the named entries; every one must exist, or nothing is removed. */
export function withRemoved<T extends Named>(current: readonly T[], names: readonly string[], label: string): T[] {
  const missing = names.filter((name) => !current.some((e) => e.name === name))
  if (missing.length > 0) throw notFound(`The ${label} ${missing.join(', ')} does not exist.`)
  return current.filter((entry) => !names.includes(entry.name))
}
