// `ctrmock down`: stops the embedded stack that owns a data dir (default `.data/postgres` here), wherever it was started.
import path from 'node:path'
import { describeOwner, ownerAlive, postmasterPid, readOwner, stopLeftServer } from '@ctrmock/kit/db'
import { stringFlag, type Args } from '../args.ts'
import { defaultDataDir } from '../stack.ts'

export async function down(args: Args): Promise<number> {
  const dataDir = path.resolve(stringFlag(args, 'data-dir') ?? defaultDataDir())
  const owner = await readOwner(dataDir)
  if (owner && ownerAlive(owner)) {
    console.error(`ctrmock: stopping ${describeOwner(owner)}`)
    // The owner's orderly stop: its services close, then its Postgres, then it exits.
    process.kill(owner.pid, 'SIGTERM')
    const deadline = Date.now() + 30_000
    while (ownerAlive(owner)) {
      if (Date.now() > deadline) throw new Error(`ctrmock (PID ${owner.pid}) did not stop within 30 s`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  // A Postgres whose owner died without stopping it (SIGKILL) goes too.
  if (await postmasterPid(dataDir)) await stopLeftServer(dataDir, owner, (message) => console.error(`ctrmock: ${message}`))
  else if (!owner) console.error(`ctrmock: nothing runs on ${dataDir}`)
  return 0
}
