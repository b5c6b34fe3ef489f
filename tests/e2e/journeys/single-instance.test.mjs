// (f) Single instance: starting Dealer Access again while it runs (same user, same
// desktop session) hands over to the running window and exits at once, so no second app
// (and no second built-in portal on the same database) ever runs; the first window keeps
// its state and still answers.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { browser, firstRun, launch, loadDemo, portalApi, portalUrl, quit, shot, shown, signedInAs, signIn } from '../lib/app.mjs'

let demo

before(async () => {
  await launch('f')
  await firstRun('personal')
  demo = await loadDemo()
})
after(quit)

/** Start the app binary as a person would (same environment); resolves with how it ended. */
function startAgain(timeoutMs) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(process.env.DEALER_APP, [], { env: process.env, stdio: 'ignore' })
    const timer = setTimeout(() => {
      // Still running: that is the failure this test is about. Ours to end, by its id.
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, ms: Date.now() - started })
    })
  })
}

test('a second start while the app runs exits at once, and the first window keeps going', async (t) => {
  await signIn('mgarcia', demo.mgarcia.password)
  const portal = await portalUrl()
  await browser.execute(() => window.scrollTo(0, 0))
  await shot('first-window')

  const second = await startAgain(20000)
  t.diagnostic(`the second start ended after ${second.ms} ms (code ${second.code}, signal ${second.signal})`)
  assert.equal(second.signal, null, `the second start exited by itself (it had to be killed after ${second.ms} ms)`)
  assert.equal(second.code, 0, 'and without an error')
  assert.ok(second.ms < 15000, `quickly: ${second.ms} ms`)

  // The first window still answers, signed in as before, on the same built-in portal.
  assert.match(await signedInAs(), /mgarcia/)
  assert.equal(await portalUrl(), portal, 'the same built-in portal')
  const health = await portalApi(portal, 'GET', 'health')
  assert.equal(health.status, 200, 'the built-in portal still answers its app')
  await shot('first-window-after-second-start')
})
