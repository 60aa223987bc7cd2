// A small argv reader: positional words, `--flag value`, `--flag=value` and boolean `--flag`.
export interface Args {
  positionals: string[]
  flags: Record<string, string | true>
}

const BOOLEAN_FLAGS = new Set(['json', 'all', 'parallel', 'help', 'faults', 'version', 'tls'])

export function parseArgs(argv: string[]): Args {
  const positionals: string[] = []
  const flags: Record<string, string | true> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) {
      positionals.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (inline !== undefined) flags[name] = inline
    else if (BOOLEAN_FLAGS.has(name) || argv[i + 1] === undefined || argv[i + 1]!.startsWith('--')) flags[name] = true
    else flags[name] = argv[++i]!
  }
  return { positionals, flags }
}

export function stringFlag(args: Args, name: string): string | undefined {
  const value = args.flags[name]
  return typeof value === 'string' ? value : undefined
}
