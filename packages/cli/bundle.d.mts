// Types of bundle.mjs (plain JavaScript, so that scripts/bootstrap.mjs can run it before anything loads TypeScript).
export declare const BUNDLE_DIR: string
export declare const ENTRY_FILE: string
export declare const EXTERNAL_DEPENDENCIES: string[]
export declare const EXTERNAL: string[]
/** esbuild settings of the CLI build, shared with pack.mjs. */
export declare const ESM_BUNDLE: Record<string, unknown>
/** The external dependencies that do not resolve from the bundle in `outdir`. */
export declare function unresolvedExternals(outdir?: string): string[]
/** Resolves with the entry file's path. */
export declare function buildBundle(outdir?: string): Promise<string>
