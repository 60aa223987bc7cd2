// Content dictionaries (Mail Policies > Dictionaries): terms with a weight of 0–10 that content and message filters
// match, plus smart identifiers (`*credit`, `*ssn`, ...) that match a kind of number rather than a word.
import type { Dictionary, DictionaryWord } from '@ctrmock/types'
import { findNamed, listName } from './config-lists.ts'
import { invalidInput } from './errors.ts'

export const DICTIONARY = 'dictionary'
// The smart identifiers AsyncOS knows: credit card, U.S. Social Security, CUSIP and ABA routing numbers.
const SMART_IDENTIFIERS = ['*credit', '*ssn', '*cusip', '*aba']
const MAX_WORDS = 10_000
const MAX_TERM = 1_000

export interface DictionaryInput {
  name?: string
  ignorecase?: number | boolean
  wholewords?: number | boolean
  words?: unknown[]
  encoding?: string
}

const isSmart = (term: string) => term.startsWith('*')
const flag = (label: string, value: number | boolean | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  if (value === true || value === 1) return 1
  if (value === false || value === 0) return 0
  throw invalidInput(`${label} must be 0 or 1.`)
}

/** One term as a client sends it (`['term']`, `['term', 2]`, `['*credit', 2, 'prefix']`) → as the appliance keeps it. */
export function dictionaryWord(raw: unknown): DictionaryWord {
  const [term, weight = 1, prefix, ...rest] = Array.isArray(raw) ? raw : [raw]
  if (typeof term !== 'string' || term.trim() === '' || term.length > MAX_TERM) throw invalidInput(`Invalid term ${JSON.stringify(term)?.slice(0, 100)}: expected a non-empty string.`)
  if (isSmart(term) && !SMART_IDENTIFIERS.includes(term.toLowerCase())) throw invalidInput(`Invalid smart identifier ${term}: expected one of ${SMART_IDENTIFIERS.join(', ')}.`)
  if (!Number.isInteger(weight) || (weight as number) < 0 || (weight as number) > 10) throw invalidInput(`Invalid weight for ${term}: expected a whole number from 0 to 10.`)
  if (rest.length > 0) throw invalidInput(`Invalid term ${term}: expected [term, weight, prefix] at most.`)
  if (prefix === undefined) return [term, weight as number]
  if (prefix !== 'prefix' || !isSmart(term)) throw invalidInput(`Invalid term ${term}: only a smart identifier takes "prefix".`)
  return [term, weight as number, prefix]
}

function dictionaryWords(raw: unknown[] | undefined): DictionaryWord[] {
  if (raw === undefined) return []
  if (raw.length > MAX_WORDS) throw invalidInput(`A dictionary holds at most ${MAX_WORDS} terms.`)
  const words = raw.map(dictionaryWord)
  const seen = new Set<string>()
  for (const [term] of words) {
    if (seen.has(term as string)) throw invalidInput(`The term ${term} is given twice.`)
    seen.add(term as string)
  }
  return words
}

function counted(dictionary: Omit<Dictionary, 'words_count'>): Dictionary {
  const smart = dictionary.words.filter(([term]) => isSmart(term as string)).length
  return { ...dictionary, words_count: { term_count: dictionary.words.length - smart, smart_identifier_count: smart } }
}

const encoding = (value: string | undefined, fallback: string) => {
  if (value === undefined) return fallback
  if (!/^[A-Za-z0-9_.:-]{1,40}$/.test(value)) throw invalidInput(`Invalid encoding "${value.slice(0, 50)}".`)
  return value.toLowerCase()
}

export function newDictionary(name: string, input: DictionaryInput): Dictionary {
  return counted({
    name: listName(DICTIONARY, name), encoding: encoding(input.encoding, 'utf-8'),
    ignorecase: flag('ignorecase', input.ignorecase, 1), wholewords: flag('wholewords', input.wholewords, 1),
    words: dictionaryWords(input.words),
  })
}

/** A PUT of the dictionary: what it gives replaces what is there (words included); `name` renames it. */
export function editedDictionary(old: Dictionary, input: DictionaryInput): Dictionary {
  return counted({
    name: input.name === undefined ? old.name : listName(DICTIONARY, input.name),
    encoding: encoding(input.encoding, old.encoding),
    ignorecase: flag('ignorecase', input.ignorecase, old.ignorecase), wholewords: flag('wholewords', input.wholewords, old.wholewords),
    words: input.words === undefined ? old.words : dictionaryWords(input.words),
  })
}

const termOf = (word: DictionaryWord) => word[0] as string

/** Adds terms that are not there yet. */
export function withWordsAdded(dictionary: Dictionary, raw: unknown[]): Dictionary {
  const words = dictionaryWords(raw)
  const present = words.filter((w) => dictionary.words.some((d) => termOf(d) === termOf(w)))
  if (present.length > 0) throw invalidInput(`Already in ${dictionary.name}: ${present.map(termOf).join(', ')}.`)
  return counted({ ...dictionary, words: [...dictionary.words, ...words] })
}

/** Sets the weight (and prefix) of terms the dictionary has. */
export function withWordsUpdated(dictionary: Dictionary, raw: unknown[]): Dictionary {
  const words = dictionaryWords(raw)
  const absent = words.filter((w) => !dictionary.words.some((d) => termOf(d) === termOf(w)))
  if (absent.length > 0) throw invalidInput(`Not in ${dictionary.name}: ${absent.map(termOf).join(', ')}.`)
  return counted({ ...dictionary, words: dictionary.words.map((d) => words.find((w) => termOf(w) === termOf(d)) ?? d) })
}

/** Removes terms by their text; each must be there. */
export function withWordsRemoved(dictionary: Dictionary, terms: unknown[]): Dictionary {
  const names = terms.map((t) => (Array.isArray(t) ? t[0] : t))
  const absent = names.filter((t) => typeof t !== 'string' || !dictionary.words.some((d) => termOf(d) === t))
  if (absent.length > 0) throw invalidInput(`Not in ${dictionary.name}: ${absent.map(String).join(', ')}.`)
  return counted({ ...dictionary, words: dictionary.words.filter((d) => !names.includes(termOf(d))) })
}

export const findDictionary = (current: readonly Dictionary[], name: string) => findNamed(current, name, DICTIONARY)
