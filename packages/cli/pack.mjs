#!/usr/bin/env node
// The packages a user installs, as `npm pack` tarballs: `ctrmock` (the CLI and startCtrmock, with every workspace
// package bundled in by the CLI bundle's settings), `@ctrmock/client` and `@ctrmock/types` (ESM JavaScript and .d.ts,
// emitted by tsc). Plain JavaScript, like bundle.mjs, whose build settings it reuses.
// `node packages/cli/pack.mjs [outdir]` packs; `node packages/cli/pack.mjs --set-version x.y.z` sets every version.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESM_BUNDLE, EXTERNAL, EXTERNAL_DEPENDENCIES } from './bundle.mjs'

const cliDir = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(cliDir, '../..')
const require = createRequire(import.meta.url)

/** Where the tarballs go by default (git-ignored, as is every `packages/cli/dist*` folder). */
export const PACK_DIR = path.join(cliDir, 'dist-pack')

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
const writeJson = (file, value) => writeFile(file, `${JSON.stringify(value, null, 2)}\n`)

/** Every package.json of the workspace: the root, packages/*, services/*. */
function workspaceManifests() {
  const dirs = ['packages', 'services'].flatMap((group) => readdirSync(path.join(root, group)).map((name) => path.join(root, group, name)))
  return [root, ...dirs].map((dir) => path.join(dir, 'package.json')).filter((file) => existsSync(file))
}

/** One release for all packages: rewrites the version of every workspace package.json. */
export async function setVersion(version) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`not a semantic version: ${version}`)
  for (const file of workspaceManifests()) {
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace(/^(\s*"version":\s*)"[^"]*"/m, `$1"${version}"`))
  }
}

/** What every published package.json shares, from the root's. */
function commonManifest() {
  const rootManifest = readJson(path.join(root, 'package.json'))
  return {
    version: rootManifest.version,
    type: 'module',
    license: rootManifest.license,
    repository: rootManifest.repository,
    engines: rootManifest.engines,
  }
}

/** The exact version a workspace package pins for a dependency. */
function pinnedVersion(name) {
  for (const file of workspaceManifests()) {
    const { dependencies = {}, devDependencies = {} } = readJson(file)
    const version = dependencies[name] ?? devDependencies[name]
    if (version && !version.startsWith('workspace:')) return version
  }
  throw new Error(`no workspace package pins ${name}`)
}

/** The `ctrmock` package: the CLI's bundle (its entry, the instance worker if any, and the start API), bin, migrations. */
async function stageCtrmock(stage) {
  const { build } = await import('esbuild')
  const entryPoints = { ctrmock: path.join(cliDir, 'src/main.ts'), index: path.join(cliDir, 'src/start.ts') }
  const worker = path.join(cliDir, 'src/instance-worker.ts')
  if (existsSync(worker)) entryPoints['instance-worker'] = worker
  // Source maps stay out of the tarball: they double its size and point at sources it does not ship.
  await build({ absWorkingDir: root, entryPoints, outdir: path.join(stage, 'dist'), ...ESM_BUNDLE, sourcemap: false, external: EXTERNAL })
  await writeFile(path.join(stage, 'dist/index.d.ts'), startDeclarations())

  await mkdir(path.join(stage, 'bin'))
  await writeFile(path.join(stage, 'bin/ctrmock.mjs'), "#!/usr/bin/env node\nimport '../dist/ctrmock.mjs'\n", { mode: 0o755 })
  // kit finds the schema and migrations in the nearest prisma/ above its code, here the package's own.
  await cp(path.join(root, 'prisma'), path.join(stage, 'prisma'), { recursive: true })
  await cp(path.join(cliDir, 'README.md'), path.join(stage, 'README.md'))

  const cli = readJson(path.join(cliDir, 'package.json'))
  await writeJson(path.join(stage, 'package.json'), {
    name: 'ctrmock',
    ...commonManifest(),
    description: readJson(path.join(root, 'package.json')).description,
    keywords: ['cisco', 'mock', 'threat-response', 'sse', 'esa', 'testing'],
    bin: { ctrmock: './bin/ctrmock.mjs' },
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.mjs' }, './package.json': './package.json' },
    types: './dist/index.d.ts',
    files: ['bin', 'dist', 'prisma', 'README.md'],
    // The packages the bundle leaves out (bundle.mjs says why each): they load from node_modules at run time.
    dependencies: Object.fromEntries(EXTERNAL_DEPENDENCIES.map((name) => [name, cli.dependencies[name] ?? pinnedVersion(name)])),
  })
}

/** The start API's declarations: start.ts spells out its public types, so one file's declarations stand alone. */
function startDeclarations() {
  const ts = require('typescript')
  const file = path.join(cliDir, 'src/start.ts')
  const { outputText, diagnostics } = ts.transpileDeclaration(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022, allowImportingTsExtensions: true },
  })
  if (diagnostics.length > 0) throw new Error(`start.ts declarations: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`)
  if (/^\s*import\b|from '\.{1,2}\//m.test(outputText)) throw new Error('start.ts declarations import other modules; spell the types out in start.ts')
  return outputText
}

/** ESM JavaScript and declarations of packages/client and packages/types, by one tsc program (it checks types too). */
async function emitLibraries(outDir) {
  const ts = require('typescript')
  const rootNames = [path.join(root, 'packages/types/src/index.ts'), ...libraryEntries('client')]
  const options = {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    strict: true, skipLibCheck: true, esModuleInterop: true, verbatimModuleSyntax: true, resolveJsonModule: true,
    declaration: true, rewriteRelativeImportExtensions: true, allowImportingTsExtensions: true,
    rootDir: path.join(root, 'packages'), outDir, types: ['node'], typeRoots: [path.join(root, 'node_modules/@types')],
  }
  const program = ts.createProgram(rootNames, options)
  const result = program.emit()
  const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics]
  if (problems.length > 0) {
    throw new Error(ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }))
  }
  // Declarations keep the sources' `./x.ts` specifiers; the published files are .js and .d.ts.
  for (const file of readdirSync(outDir, { recursive: true })) {
    if (!String(file).endsWith('.d.ts')) continue
    const full = path.join(outDir, String(file))
    const text = await readFile(full, 'utf8')
    await writeFile(full, text.replace(/(from\s+'\.{1,2}\/[^']*)\.ts'/g, "$1.js'").replace(/(import\('\.{1,2}\/[^']*)\.ts'\)/g, "$1.js')"))
  }
}

/** The entry modules of a library package, from its `exports`. */
function libraryEntries(name) {
  const dir = path.join(root, 'packages', name)
  return Object.values(readJson(path.join(dir, 'package.json')).exports).map((target) => path.join(dir, target))
}

/** Its `exports` with `./src/x.ts` turned into the built `./dist/x.js` and `./dist/x.d.ts`. */
function builtExports(name) {
  const exports = readJson(path.join(root, 'packages', name, 'package.json')).exports
  return Object.fromEntries(Object.entries(exports).map(([key, target]) => {
    const js = target.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '.js')
    return [key, { types: js.replace(/\.js$/, '.d.ts'), import: js }]
  }))
}

async function stageLibrary(name, emitted, stage) {
  const source = readJson(path.join(root, 'packages', name, 'package.json'))
  await cp(path.join(emitted, name, 'src'), path.join(stage, 'dist'), { recursive: true })
  await cp(path.join(root, 'packages', name, 'README.md'), path.join(stage, 'README.md'))
  const common = commonManifest()
  const pin = (deps = {}) => Object.fromEntries(Object.entries(deps).map(([dep, version]) => [dep, version.startsWith('workspace:') ? common.version : version]))
  const exports = builtExports(name)
  await writeJson(path.join(stage, 'package.json'), {
    name: source.name,
    ...common,
    description: source.description,
    exports: { ...exports, './package.json': './package.json' },
    types: exports['.'].types,
    files: ['dist', 'README.md'],
    dependencies: pin(source.dependencies),
    ...(source.peerDependencies && { peerDependencies: source.peerDependencies }),
    ...(source.peerDependenciesMeta && { peerDependenciesMeta: source.peerDependenciesMeta }),
  })
}

/** `npm pack` of a staged folder into `outdir`: the tarball's path, its size and unpacked size in bytes. */
function npmPack(stage, outdir) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['pack', '--json', '--pack-destination', outdir], { cwd: stage, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk) => { out += chunk })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`npm pack in ${stage} exited ${code}`))
      const [report] = JSON.parse(out)
      resolve({ name: report.name, file: path.join(outdir, report.filename), size: report.size, unpackedSize: report.unpackedSize })
    })
  })
}

/** Builds and packs the three packages into `outdir`; resolves with one entry per tarball. */
export async function packAll(outdir = PACK_DIR) {
  await mkdir(outdir, { recursive: true })
  const scratch = await mkdtemp(path.join(cliDir, 'dist-pack-build-'))
  try {
    const stages = Object.fromEntries(['ctrmock', 'client', 'types', 'emitted'].map((name) => [name, path.join(scratch, name)]))
    await Promise.all(Object.values(stages).map((dir) => mkdir(dir)))
    await emitLibraries(stages.emitted)
    await Promise.all([stageCtrmock(stages.ctrmock), stageLibrary('client', stages.emitted, stages.client), stageLibrary('types', stages.emitted, stages.types)])
    const packed = []
    for (const name of ['ctrmock', 'client', 'types']) packed.push(await npmPack(stages[name], outdir))
    return packed
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--set-version') {
    await setVersion(process.argv[3] ?? '')
    console.error(`every package is now ${process.argv[3]}`)
  } else {
    const packed = await packAll(path.resolve(process.argv[2] ?? PACK_DIR))
    for (const p of packed) console.log(`${path.relative(process.cwd(), p.file)}  ${(p.size / 1024).toFixed(0)} kB packed, ${(p.unpackedSize / 1024).toFixed(0)} kB unpacked`)
  }
}
