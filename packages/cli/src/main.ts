// ctrmock — command-line entry. Errors are one readable line, never a stack trace.
import { parseArgs, stringFlag } from './args.ts'
import cliPackage from '../package.json' with { type: 'json' }

const USAGE = `usage: ctrmock <command> [--json]   (ctrmock --version prints the release)
  up                                   start the embedded stack (Postgres + CTR NAM/EU, SSE AMERICAS/EUROPE, ESA)
    [--ports auto] [--data-dir d]        every port free; the Postgres cluster's folder (default .data/postgres)
    [--tls]                              HTTPS too (port + 1000) and SMTP STARTTLS, with a local CA in .data/tls
  down [--data-dir d]                  stop the embedded stack on a data dir (default .data/postgres), from any terminal
  serve [--service] ctr|sse|esa|intel  one service configured by env (containers)
  status [--data-dir d]                service, region, URL, ready, version, uptime; who runs the data dir
  scenario list | run <name…> | run --all [--parallel]
  faults add|list|clear [--service s --path p --method m --type error|latency|reset|timeout --status n --delay ms --times n --probability p --seed n]
  clock show|advance <2h>|freeze|unfreeze|reset [--service s] [--org o]
  reset [--service s] [--org o]
  journal [--service s] [--path p] [--status n] [--org o] [--faults] [--limit n]
  token [--region NAM|EU] [--client-id id --client-password pw]
base URLs: --ctr-url --ctr-eu-url --sse-americas-url --sse-europe-url --esa-url --smtp-port, or CTRMOCK_CTR_URL, ...`

const args = parseArgs(process.argv.slice(2))
if (args.flags.version) {
  console.log(cliPackage.version)
  process.exit(0)
}
const json = Boolean(args.flags.json)
// Each command loads only its own modules: `up` and `serve` start faster without the client and its mailer.
const commands: Record<string, () => Promise<number | void>> = {
  up: async () => { await (await import('./commands/up.ts')).up({ json, ports: stringFlag(args, 'ports'), dataDir: stringFlag(args, 'data-dir'), tls: args.flags.tls === true }) },
  down: async () => (await import('./commands/down.ts')).down(args),
  serve: async () => (await import('./commands/serve.ts')).serve(stringFlag(args, 'service') ?? args.positionals[1]),
  status: async () => (await import('./commands/status.ts')).status(args),
  scenario: async () => (await import('./commands/scenario.ts')).scenario(args),
  faults: async () => (await import('./commands/admin.ts')).faults(args),
  clock: async () => (await import('./commands/admin.ts')).clock(args),
  reset: async () => (await import('./commands/admin.ts')).reset(args),
  journal: async () => (await import('./commands/admin.ts')).journal(args),
  token: async () => (await import('./commands/admin.ts')).token(args),
}

const command = Object.hasOwn(commands, args.positionals[0] ?? '') ? commands[args.positionals[0]!] : undefined
if (!command || args.flags.help) {
  console.error(USAGE)
  process.exit(command ? 0 : 2)
}
try {
  const code = await command()
  if (typeof code === 'number') process.exit(code)
} catch (error) {
  const message = error instanceof Error ? error.message : String(error)
  console.error(json ? JSON.stringify({ error: message }) : `ctrmock: ${message}`)
  process.exit(1)
}
