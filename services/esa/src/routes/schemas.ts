// Schema pieces the AsyncOS routes share.
import { Type } from '@sinclair/typebox'

/** An enum rather than a literal union: a bad value then reads "must be equal to one of the allowed values". */
export const oneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) })
