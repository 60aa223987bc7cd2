// Builds TypeScript entries of this repo into plain JavaScript that keeps running from their sources' places: each
// entry one module, the code they share in chunks/. On Node 20 a loader's hooks run on a thread of their own, and
// under tsx every module a process loads, ours (~190 TypeScript files) and each file of the libraries alike, waits for
// a round trip to it. `npm test` runs its test files built this way (scripts/build-tests.mjs), `pnpm bench` its
// processes (bench/bench.mjs). Libraries stay external, imported by the absolute path they resolve to from the
// importing file, as they load under tsx. Plain JavaScript: it runs first.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ESM_BUNDLE, REQUIRE_BANNER } from '../packages/cli/bundle.mjs'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * A module's `import.meta.url` and `import.meta.resolve()` keep naming its source file, so paths computed from them
 * (specs/, the Prisma schema, a script to spawn with tsx) still point where they do when the sources run. esbuild's
 * `define` swaps them for names each module declares on its first line (line numbers stay); the bundle renames
 * those per module. `import.meta.resolve` with a parent URL needs `--experimental-import-meta-resolve`, which every
 * process running such a build gets (NODE_ARGS).
 */
const MODULE_URL = '__ctrmockModuleUrl'
const MODULE_RESOLVE = '__ctrmockModuleResolve'
const RESOLVE_FROM = '__ctrmockResolveFrom'

/** The Node flags a built module needs. */
export const NODE_ARGS = ['--experimental-import-meta-resolve']

function keepModuleLocation(source, file) {
  if (!source.includes('import.meta')) return source
  const url = JSON.stringify(pathToFileURL(file).href)
  const declare = `const ${MODULE_URL} = ${url}, ${MODULE_RESOLVE} = (specifier) => ${RESOLVE_FROM}(specifier, ${MODULE_URL});`
  // A script's `#!` line, meaningless inside a bundle, gives its place to the declarations.
  return source.startsWith('#!') ? source.replace(/^#!.*/, declare) : declare + source
}

const workspace = {
  name: 'workspace-only',
  setup(build) {
    // A bare import that resolves into node_modules stays external, by its resolved path; @ctrmock/* resolve into
    // packages/ and are bundled.
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('node:') || args.pluginData === workspace) return undefined
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: workspace })
      if (resolved.errors.length > 0 || !resolved.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      return { path: resolved.path, external: true }
    })
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      const loader = /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js'
      return { contents: keepModuleLocation(await readFile(args.path, 'utf8'), args.path), loader }
    })
  },
}

/**
 * Builds `entries` (`{ in, out }`: a source relative to the root, and its built name relative to `outdir`, without
 * the extension) into `outdir`, as `<out>.mjs`.
 */
export async function buildSources(entries, outdir) {
  // esbuild is @ctrmock/cli's dependency (it builds the CLI's bundle too).
  const esbuild = createRequire(path.join(ROOT, 'packages/cli/package.json'))('esbuild')
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outdir,
    ...ESM_BUNDLE,
    plugins: [workspace],
    define: { 'import.meta.url': MODULE_URL, 'import.meta.resolve': MODULE_RESOLVE },
    // The banner is not subject to `define`: its import.meta is the built file's own.
    banner: { js: `${REQUIRE_BANNER} const ${RESOLVE_FROM} = (specifier, parent) => import.meta.resolve(specifier, parent);` },
  })
}
