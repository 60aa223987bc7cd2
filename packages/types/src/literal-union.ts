// A TypeBox union of string literals built from a `const` list, so each Cisco vocabulary is written down once.
import { Type, type SchemaOptions, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox'

type Literals<T extends readonly string[], Acc extends TSchema[] = []> = T extends readonly [
  infer Head extends string,
  ...infer Rest extends readonly string[],
]
  ? Literals<Rest, [...Acc, TLiteral<Head>]>
  : Acc

export type TLiteralUnion<T extends readonly string[]> = TUnion<Literals<T>>

export function literalUnion<const T extends readonly string[]>(values: T, options?: SchemaOptions): TLiteralUnion<T> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  ) as unknown as TLiteralUnion<T>
}
