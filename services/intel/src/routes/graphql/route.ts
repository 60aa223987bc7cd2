// `POST /ctia/graphql`: a Relay GraphQL query run against CTIA's schema as the caller. As CTIA answers: 200 with
// `data`, or 400 with `errors` (each a string) and whatever `data` the query still produced.
import { graphql } from 'graphql'
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../../domain/context.ts'
import { operation } from '../operation.ts'
import { ctiaGraphqlSchema } from './schema.ts'

interface RelayGraphqlQuery {
  query: string
  operationName?: string | null
  variables?: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

export async function graphqlRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  operation(app, {
    method: 'POST', path: '/ctia/graphql', access: 'read', tag: 'GraphQL', handler: async ({ actor, body }) => {
      const { query, operationName, variables } = body as RelayGraphqlQuery
      if (variables !== undefined && variables !== null && !isObject(variables)) {
        return { status: 400, body: { errors: ['Variables must be given as an object of names and values'] } }
      }
      const result = await graphql({
        schema: ctiaGraphqlSchema(), source: query, contextValue: { ctx, actor },
        ...(isObject(variables) ? { variableValues: variables } : {}),
        ...(operationName ? { operationName } : {}),
      })
      if (result.errors?.length) {
        return { status: 400, body: { errors: result.errors.map((error) => error.message), ...(result.data ? { data: result.data } : {}) } }
      }
      return { body: { data: result.data } }
    },
  })
}
