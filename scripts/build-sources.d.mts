// Types of build-sources.mjs (plain JavaScript: `npm test` and `pnpm bench` run it before any TypeScript loads).
export declare const ROOT: string
/** The Node flags a built module needs. */
export declare const NODE_ARGS: string[]
export declare function buildSources(entries: { in: string; out: string }[], outdir: string): Promise<void>
