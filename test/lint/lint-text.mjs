// Lints each { code, filePath } read as JSON from stdin with the repo's ESLint config and prints the rule ids
// reported for each. A plain Node process of its own: neostandard loads ESM from CommonJS, which tsx's hooks break.
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const root = fileURLToPath(new URL('../../', import.meta.url))
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` })

let input = ''
for await (const chunk of process.stdin) input += chunk
const results = []
for (const { code, filePath } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath })
  results.push(result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`))
}
process.stdout.write(JSON.stringify(results))
