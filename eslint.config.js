// neostandard's style, tuned to how the code is written, plus rules that keep each service's layers apart
// (routes -> domain -> store, see STYLE.md) and the services apart from each other.
import neostandard from 'neostandard'
import ctrmock from './eslint-rules/service-boundaries.js'

const RANDOM_FUNCTIONS = ['randomUUID', 'randomBytes', 'randomInt', 'randomFill', 'randomFillSync', 'getRandomValues']
const FROM_CONTEXT = 'The domain takes its clock, ids and randomness from its context'

const domainImports = {
  paths: [
    ...['node:crypto', 'crypto'].map(name => ({ name, importNames: RANDOM_FUNCTIONS, message: FROM_CONTEXT })),
    { name: '@ctrmock/kit', message: "The domain takes from kit only '@ctrmock/kit/domain': the rest is HTTP, Postgres and the server" },
    { name: '@ctrmock/kit/db', message: 'The domain reaches Postgres only through the store in its context' },
  ],
  patterns: [
    { group: ['fastify', 'fastify/*', '@fastify/*', 'fastify-plugin'], message: 'The domain knows nothing of HTTP: that is the routes\' job' },
    { group: ['@prisma/*', 'prisma', 'pg', '**/db/generated', '**/db/generated/*'], message: 'The domain reaches Postgres only through the store in its context' },
    { group: ['**/store', '**/store/*'], allowTypeImports: true, message: 'The domain uses the store handed in through its context (type imports are fine)' },
    { group: ['undici', 'undici/*', 'node:http', 'node:https', 'node:http2', 'http', 'https', 'http2', '**/clients', '**/clients/*'], allowTypeImports: true, message: 'The domain makes no HTTP calls: the route or the context does' },
  ],
}

const routeImports = {
  patterns: [
    { group: ['**/store', '**/store/*'], message: 'Routes reach the store only through the domain' },
    { group: ['@prisma/*', '@ctrmock/kit/db', '**/db/generated', '**/db/generated/*'], message: 'Routes reach Postgres only through the domain' },
  ],
}

const clockAndRandomness = [
  { object: 'Date', property: 'now', message: FROM_CONTEXT },
  { object: 'Math', property: 'random', message: FROM_CONTEXT },
  { object: 'performance', property: 'now', message: FROM_CONTEXT },
  ...RANDOM_FUNCTIONS.map(property => ({ object: 'crypto', property, message: FROM_CONTEXT })),
]

export default [
  {
    ignores: [
      '**/node_modules/', '**/dist/', 'packages/cli/dist*/', 'packages/kit/src/db/generated/', '.data/', '.tap/',
      '.test-build/', '.scratch/', 'coverage/', 'specs/',
    ],
  },
  ...neostandard({ ts: true, noJsx: true }),
  {
    name: 'ctrmock/style',
    // Where neostandard and the code's habits differ, the habits win, so the code passes as it is written.
    rules: {
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/space-before-function-paren': ['error', { anonymous: 'always', named: 'never', asyncArrow: 'always' }],
      '@stylistic/object-property-newline': 'off',
      '@stylistic/multiline-ternary': 'off',
      '@stylistic/operator-linebreak': ['error', 'before'],
      // SQL reads best in backquotes: it quotes identifiers with " and strings with '.
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: true }],
      // `void promise` marks a promise left unawaited on purpose.
      'no-void': 'off',
      'promise/param-names': 'off',
      // TypeScript reports real redeclarations; this rule would flag TypeBox's schema-and-type pair of one name.
      '@typescript-eslint/no-redeclare': 'off',
      // A `let` that closures read before its one assignment (wiring made after the service it hooks into) stays a let.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    name: 'ctrmock/service-boundaries',
    files: ['services/**', 'packages/**'],
    plugins: { ctrmock },
    // The cli hosts every service in one process.
    rules: { 'ctrmock/service-boundaries': ['error', { hosts: ['cli'] }] },
  },
  {
    name: 'ctrmock/domain',
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', domainImports],
      'no-restricted-properties': ['error', ...clockAndRandomness],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: FROM_CONTEXT },
        { selector: "CallExpression[callee.name='Date']", message: FROM_CONTEXT },
      ],
    },
  },
  {
    name: 'ctrmock/routes',
    files: ['services/*/src/routes/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', routeImports] },
  },
]
