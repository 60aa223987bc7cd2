// Casebook edits: /ctia/casebook/{id}/observables, /texts and /bundle.
import type { ServiceApp } from '@ctrmock/kit'
import type { IntelContext } from '../domain/context.ts'
import { familyOf } from '../domain/entity-families.ts'
import { present } from '../domain/entity-defaults.ts'
import { editCasebookBundle, editCasebookList, type Operation } from '../domain/casebooks.ts'
import { operation } from './operation.ts'

type Doc = Record<string, unknown>

export async function casebookRoutes(app: ServiceApp, { ctx }: { ctx: IntelContext }): Promise<void> {
  const family = familyOf('casebook')!
  const common = { method: 'POST' as const, access: 'write' as const, family: 'casebook', tag: 'casebook' }
  for (const field of ['observables', 'texts'] as const) {
    operation(app, {
      ...common, path: `/ctia/casebook/{id}/${field}`, handler: async ({ actor, params, body }) => {
        const edit = body as { operation: Operation } & Doc
        const items = Array.isArray(edit[field]) ? (edit[field] as unknown[]) : []
        return { body: present(family, await editCasebookList(ctx, actor, family, params.id!, field, edit.operation, items)) }
      },
    })
  }
  operation(app, {
    ...common, path: '/ctia/casebook/{id}/bundle', handler: async ({ actor, params, body }) => {
      const edit = body as { operation: Operation; bundle: Doc }
      return { body: present(family, await editCasebookBundle(ctx, actor, family, params.id!, edit.operation, edit.bundle)) }
    },
  })
}
