// tap's `--import` for test processes (.taprc): a test file run from its TypeScript source (`npx tap <file>.ts`) loads
// through tsx; one `npm test` built beforehand (scripts/build-tests.mjs) is plain JavaScript and starts without
// loader hooks.
if (/\.[cm]?tsx?$/.test(process.argv[1] ?? '')) await import('tsx')
