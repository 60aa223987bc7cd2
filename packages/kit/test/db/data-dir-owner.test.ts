// The owner record of a data folder: a live owner is named, one that is stopping is waited for, a dead one's record is
// taken over; PID reuse does not fool it (the start time is compared too).
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import type { Test } from 'tap'
import { claimDataDir, DataDirInUse, ownerAlive, OWNER_FILE, processIdentity, readOwner, type OwnerRecord } from '../../src/db/data-dir-owner.ts'

/** A process that runs until killed, standing in for another ctrmock. */
async function anotherProcess(t: Test) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  t.teardown(() => {
    child.kill('SIGKILL')
    return exited
  })
  await new Promise((resolve) => child.once('spawn', resolve))
  return { child, exited, identity: processIdentity(child.pid!)! }
}

function record(dir: string, identity: { pid: number; startTime: string; command: string }, state: OwnerRecord['state']): OwnerRecord {
  return { ...identity, state, dataDir: dir, since: new Date().toISOString(), postgres: { pid: 1, port: 7432 }, urls: { ctr: 'http://127.0.0.1:7100' } }
}

t.test('a live owner is named, with its Postgres and URLs', async (t) => {
  const dir = t.testdir()
  const other = await anotherProcess(t)
  writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(record(dir, other.identity, 'running')))
  const error = await claimDataDir(dir).then(() => undefined, (e: unknown) => e)
  t.ok(error instanceof DataDirInUse, 'refused')
  t.match((error as Error).message, new RegExp(`^ctrmock \\(PID ${other.child.pid}, since .*\\) with Postgres on 127\\.0\\.0\\.1:7432, serving ctr http://127\\.0\\.0\\.1:7100 is already running on `))
})

t.test('an owner that is stopping is waited for, with a message, then its folder is claimed', async (t) => {
  const dir = t.testdir()
  const other = await anotherProcess(t)
  writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(record(dir, other.identity, 'stopping')))
  const notices: string[] = []
  const claiming = claimDataDir(dir, { notice: (message) => notices.push(message) })
  let claimed = false
  void claiming.then(() => { claimed = true })
  for (const deadline = Date.now() + 5_000; notices.length === 0 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 10))
  t.notOk(claimed, 'no claim while the owner still runs')
  t.match(notices, [new RegExp(`^waiting for ctrmock \\(PID ${other.child.pid}, .* to finish stopping$`)])
  other.child.kill('SIGKILL')
  const claim = await claiming
  t.equal(claim.record.pid, process.pid, 'claimed once it exited')
  t.equal(claim.previous?.pid, other.child.pid, 'the previous owner is reported')
  await claim.release()
  t.equal(await readOwner(dir), undefined, 'released')
})

t.test('a stopping owner is waited for only so long', async (t) => {
  const dir = t.testdir()
  const other = await anotherProcess(t)
  writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(record(dir, other.identity, 'stopping')))
  await t.rejects(claimDataDir(dir, { waitMs: 100 }), /is still stopping on/)
})

t.test('a dead owner, or a live process that only reuses its PID, is taken over', async (t) => {
  const dir = t.testdir()
  const other = await anotherProcess(t)
  const reused = { ...other.identity, startTime: `${other.identity.startTime}0` } // same PID, another start
  t.notOk(ownerAlive(reused))
  writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(record(dir, reused, 'running')))
  const claim = await claimDataDir(dir)
  t.equal(claim.previous?.startTime, reused.startTime)
  await claim.update({ state: 'running', urls: { ctr: 'http://127.0.0.1:1' } })
  t.match(await readOwner(dir), { pid: process.pid, state: 'running', urls: { ctr: 'http://127.0.0.1:1' } })
  await claim.release()
})
