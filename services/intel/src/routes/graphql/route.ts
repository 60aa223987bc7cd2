// `POST /ctia/graphql`: a Relay GraphQL query run against CTIA's schema as the caller. As CTIA answers: 200 with
// `data`, or 400 with `errors` (each a string) and whatever `data` the query still produced.
import { GraphQLError, execute, parse, validate, type DocumentNode, type ExecutionResult } from 'graphql'
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../../domain/context.ts'
import { CtiaError } from '../../domain/errors.ts'
import { operation } from '../operation.ts'
import { ctiaGraphqlSchema } from './schema.ts'

interface RelayGraphqlQuery {
  query: string
  operationName?: string | null
  variables?: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

// The service's event loop serves every instance of the stack: a query of millions of tokens would hold it up, so
// parsing stops well beyond any real query.
const MAX_TOKENS = 100_000

/** Parses, validates and runs a query as graphql-js's `graphql()` does, with the token limit on parsing. */
async function run(source: string, variables: Record<string, unknown> | undefined, operationName: string | undefined, contextValue: unknown): Promise<ExecutionResult> {
  let document: DocumentNode
  try {
    document = parse(source, { maxTokens: MAX_TOKENS })
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] }
    throw error
  }
  const schema = ctiaGraphqlSchema()
  const invalid = validate(schema, document)
  if (invalid.length > 0) return { errors: invalid }
  return execute({ schema, document, contextValue, ...(variables ? { variableValues: variables } : {}), ...(operationName ? { operationName } : {}) })
}

export async function graphqlRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  operation(app, {
    method: 'POST', path: '/ctia/graphql', access: 'read', tag: 'GraphQL', handler: async ({ actor, body }) => {
      const { query, operationName, variables } = body as RelayGraphqlQuery
      if (variables !== undefined && variables !== null && !isObject(variables)) {
        return { status: 400, body: { errors: ['Variables must be given as an object of names and values'] } }
      }
      const result = await run(query, isObject(variables) ? variables : undefined, operationName ?? undefined, { ctx, actor })
      // A failure of the service itself (its database unreachable, say) is not the query's: the service's error
      // handler answers it, as for any other route.
      const fault = result.errors?.map((error) => error.originalError).find((cause) => cause && !(cause instanceof GraphQLError) && !(cause instanceof CtiaError && cause.status < 500))
      if (fault) throw fault
      if (result.errors?.length) {
        return { status: 400, body: { errors: result.errors.map((error) => error.message), ...(result.data ? { data: result.data } : {}) } }
      }
      return { body: { data: result.data } }
    },
  })
}
