// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package and by function, and a timeline of
// which package was busy in each slice of the run — enough to see where a cold start or a slow route spends its time.
// Usage: node --import tsx bench/tools/cpuprofile-summary.ts <file.cpuprofile> [top=25] [sliceMs=250] [fromMs=0] [toMs]
// (fromMs/toMs pick a window, e.g. one workload's `window` from bench/results.json of a --profile run.)
import { readFileSync } from 'node:fs'

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const [file, topArg, sliceArg, fromArg, toArg] = process.argv.slice(2)
if (!file) throw new Error('usage: cpuprofile-summary.ts <file.cpuprofile> [top] [sliceMs]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const top = Number(topArg ?? 25)
const sliceMs = Number(sliceArg ?? 250)
const fromMs = Number(fromArg ?? 0)
const toMs = toArg === undefined ? Infinity : Number(toArg)
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parentOf = new Map<number, number>()
for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id)

/** "pkg@version" for node_modules, "ours:<path>" for the workspace, "(native)" for V8 and Node internals. */
function packageOf(url: string): string {
  if (!url) return '(native)'
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\//.exec(url)
  if (pnpm) return pnpm[1]!.replace(/_.*$/, '')
  const plain = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (plain) return plain[1]!
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0]
  const ours = /\/(packages|services)\/([^/]+)\//.exec(url)
  return ours ? `ours:${ours[1]}/${ours[2]}` : url.replace(/^file:\/\//, '')
}

const selfByPackage = new Map<string, number>()
const selfByFunction = new Map<string, number>()
const inclusiveByFunction = new Map<string, number>()
const functionName = (frame: Node['callFrame']) => `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
const slices = new Map<number, Map<string, number>>()
let time = 0
profile.samples.forEach((id, i) => {
  const delta = (profile.timeDeltas[i] ?? 0) / 1000
  time += delta
  if (time < fromMs || time > toMs) return
  const node = byId.get(id)!
  const frame = node.callFrame
  const pkg = frame.functionName === '(idle)' || frame.functionName === '(program)' || frame.functionName === '(garbage collector)' ? frame.functionName : packageOf(frame.url)
  selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + delta)
  const fn = functionName(frame)
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + delta)
  // Inclusive: every distinct function on the sample's stack.
  const onStack = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) onStack.add(functionName(byId.get(at)!.callFrame))
  for (const name of onStack) inclusiveByFunction.set(name, (inclusiveByFunction.get(name) ?? 0) + delta)
  const slice = Math.floor(time / sliceMs)
  const bucket = slices.get(slice) ?? new Map<string, number>()
  bucket.set(pkg, (bucket.get(pkg) ?? 0) + delta)
  slices.set(slice, bucket)
})

const ms = (v: number) => `${Math.round(v).toString().padStart(7)} ms`
const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])
console.log(`${file}: ${Math.round((profile.endTime - profile.startTime) / 1000)} ms wall, ${profile.samples.length} samples\n`)
console.log('self time by package')
for (const [pkg, t] of sorted(selfByPackage).slice(0, top)) console.log(`${ms(t)}  ${pkg}`)
console.log('\nself time by function')
for (const [fn, t] of sorted(selfByFunction).slice(0, top)) console.log(`${ms(t)}  ${fn}`)
console.log('\ninclusive time by function (our code and the libraries it calls)')
for (const [fn, t] of sorted(inclusiveByFunction).filter(([f]) => !f.startsWith('(root)')).slice(0, top)) console.log(`${ms(t)}  ${fn}`)
console.log(`\ntimeline (${sliceMs} ms slices: the three busiest non-idle packages)`)
for (const [slice, bucket] of [...slices.entries()].sort((a, b) => a[0] - b[0])) {
  const busy = sorted(bucket).filter(([p]) => p !== '(idle)').slice(0, 3).map(([p, t]) => `${p} ${Math.round(t)}`).join(', ')
  console.log(`${String(slice * sliceMs).padStart(6)} ms  idle ${Math.round(bucket.get('(idle)') ?? 0).toString().padStart(3)}  ${busy}`)
}
