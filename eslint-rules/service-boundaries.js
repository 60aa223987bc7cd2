// Services share only @ctrmock/types and @ctrmock/kit, so each can be read, tested and run without the others.
// A rule of our own because no-restricted-imports matches the import's text, not where a relative path lands.
import { existsSync } from 'node:fs'
import path from 'node:path'

const SHARED = new Set(['types', 'kit'])

/** Which workspace member a file belongs to: { kind: 'services' | 'packages', name }, or undefined. */
function memberOf(file, root) {
  const [kind, name] = path.relative(root, file).split(path.sep)
  return (kind === 'services' || kind === 'packages') && name ? { kind, name } : undefined
}

/** The workspace member an import specifier reaches, or undefined for a third-party module. */
function targetOf(specifier, file, root) {
  if (specifier.startsWith('.')) return memberOf(path.resolve(path.dirname(file), specifier), root)
  const match = /^@ctrmock\/([^/]+)/.exec(specifier)
  if (!match) return undefined
  return { kind: existsSync(path.join(root, 'services', match[1])) ? 'services' : 'packages', name: match[1] }
}

function violation(from, to, hosts) {
  if (!from || !to || (from.kind === to.kind && from.name === to.name)) return undefined
  if (from.kind === 'services') {
    return to.kind === 'packages' && SHARED.has(to.name) ? undefined : 'serviceImport'
  }
  return to.kind === 'services' && !hosts.includes(from.name) ? 'packageImportsService' : undefined
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Services import only @ctrmock/types and @ctrmock/kit; packages other than the hosts import no service' },
    schema: [{
      type: 'object',
      properties: { hosts: { type: 'array', items: { type: 'string' } } },
      additionalProperties: false,
    }],
    messages: {
      serviceImport: "services/{{from}} may not import '{{specifier}}': services share only @ctrmock/types and @ctrmock/kit",
      packageImportsService: "packages/{{from}} may not import the service '{{specifier}}'",
    },
  },
  create(context) {
    const hosts = context.options[0]?.hosts ?? []
    const root = context.cwd
    const from = memberOf(context.filename, root)
    if (!from) return {}
    function check(source) {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return
      const messageId = violation(from, targetOf(source.value, context.filename, root), hosts)
      if (messageId) context.report({ node: source, messageId, data: { from: from.name, specifier: source.value } })
    }
    return {
      ImportDeclaration: node => check(node.source),
      ExportNamedDeclaration: node => check(node.source),
      ExportAllDeclaration: node => check(node.source),
      ImportExpression: node => check(node.source),
    }
  },
}

export default { meta: { name: 'ctrmock' }, rules: { 'service-boundaries': rule } }
