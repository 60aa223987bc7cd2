// @ctrmock/client/testcontainers against the all-in-one image: the container answers ready on every service, the tech
// note runs through the Cloud it hands back, and stop() removes it. Needs a Docker engine and the image: runs only when
// CTRMOCK_TEST_IMAGE names it (pnpm test:compose builds ctrmock:all-in-one and sets it).
import { spawnSync } from 'node:child_process'
import t from 'tap'
import { runScenario, scenarioByName } from '@ctrmock/client'
import { startCtrmockContainer } from '@ctrmock/client/testcontainers'

const image = process.env.CTRMOCK_TEST_IMAGE
if (!image) t.plan(0, 'set CTRMOCK_TEST_IMAGE to an all-in-one image (pnpm test:compose does)')
else {
  t.setTimeout(10 * 60_000)
  t.test('starts the all-in-one image, runs the tech note through its Cloud, and removes it on stop', async (t) => {
    const ctrmock = await startCtrmockContainer({ image, env: { LOG_LEVEL: 'warn' } })
    let stopped = false
    t.teardown(() => (stopped ? undefined : ctrmock.stop()))
    for (const url of [ctrmock.urls.ctr, ctrmock.urls.ctrEu, ctrmock.urls.sseAmericas, ctrmock.urls.sseEurope, ctrmock.urls.esa]) {
      t.equal((await fetch(`${url}/__mock/ready`)).status, 200, `${url} is ready`)
    }
    const result = await runScenario(ctrmock.cloud, scenarioByName('integrate-esa')!)
    t.ok(result.ok, `integrate-esa: ${JSON.stringify(result.steps.filter((s) => !s.ok))}`)
    const id = ctrmock.container.getId()
    await ctrmock.stop()
    stopped = true
    const left = spawnSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `id=${id}`], { encoding: 'utf8' })
    t.equal(left.status, 0, 'docker ps answers')
    t.equal(left.stdout.trim(), '', 'the container is gone')
  })
}
