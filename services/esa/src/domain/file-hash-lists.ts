// File hash lists (Mail Policies > File Hash Lists): MD5 or SHA-256 hashes of files that content filters match.
import { FILE_HASH_LIST_TYPES, type FileHashList, type FileHashListType } from '@ctrmock/types'
import { listName } from './config-lists.ts'
import { invalidInput } from './errors.ts'

export const FILE_HASH_LIST = 'file hash list'
const MAX_HASHES = 10_000
const HASH: Record<FileHashListType, RegExp> = { md5: /^[0-9a-f]{32}$/, sha256: /^[0-9a-f]{64}$/, any: /^(?:[0-9a-f]{32}|[0-9a-f]{64})$/ }

function fileHashes(listType: FileHashListType, hashes: readonly string[]): string[] {
  if (hashes.length === 0) throw invalidInput('A file hash list needs at least one hash.')
  if (hashes.length > MAX_HASHES) throw invalidInput(`A file hash list holds at most ${MAX_HASHES} hashes.`)
  return hashes.map((hash) => {
    const value = hash.trim().toLowerCase()
    if (!HASH[listType].test(value)) throw invalidInput(`Invalid ${listType === 'any' ? 'MD5 or SHA-256' : listType.toUpperCase()} hash "${hash.slice(0, 100)}".`)
    return value
  })
}

export function fileHashList(name: string, input: { filehashes: readonly string[]; description: string; list_type: string }): FileHashList {
  const listType = input.list_type.toLowerCase() as FileHashListType
  if (!FILE_HASH_LIST_TYPES.includes(listType)) throw invalidInput(`Invalid list_type "${input.list_type.slice(0, 50)}": expected ${FILE_HASH_LIST_TYPES.join(', ')}.`)
  const filehashes = fileHashes(listType, input.filehashes)
  return { name: listName(FILE_HASH_LIST, name), description: input.description, list_type: listType, filehashes, filehashes_count: filehashes.length }
}

/** A PUT replaces the hashes (and the description, when given); the list's type stays. */
export function editedFileHashList(old: FileHashList, input: { filehashes: readonly string[]; description?: string }): FileHashList {
  const filehashes = fileHashes(old.list_type as FileHashListType, input.filehashes)
  return { ...old, description: input.description ?? old.description, filehashes, filehashes_count: filehashes.length }
}
