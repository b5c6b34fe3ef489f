// (g) Changing the portal in Settings restarts the app onto it: a real portal server
// (the dealer-portal binary, seeded with its own demo data) runs on loopback; the app,
// standalone at first, refuses to be re-pointed by whoever walks up to it signed out
// (the screen offers nothing, and the command itself says no); its office manager signs
// in and points it at the shared portal in Settings ("Save and restart"); the app
// restarts by itself (the WebDriver session cannot follow a restart, so the restarted
// window is seen in a screenshot of the display), and, started again, it talks to the
// shared portal: Settings says so and that portal's accounts sign in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noPortal as skip, seedDemo, startPortal } from '../lib/shared-portal.mjs'
import { appProcesses, browser, click, displayShot, fromUserMenu, invoke, launch, loadDemo, quit, shot, signedInAs, signIn, textMatches, type } from '../lib/app.mjs'

const settingsFile = `${process.env.DEALER_APP_DATA}/settings.json`
let dir
let server
let url
let accounts

before(async () => {
  if (skip) return
  dir = mkdtempSync(join(tmpdir(), 'dealer-shared-portal-'))
  const database = `sqlite:${dir}/portal.sqlite`
  accounts = seedDemo(database)
  ;({ server, url } = await startPortal(database))
  await launch('g')
})

after(async () => {
  await quit().catch(() => {})
  server?.kill()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('signed out, nobody can point the app at another portal', { skip }, async () => {
  await click('[data-testid="mode-personal"]')
  await click('[data-testid="first-run-portal-submit"]')
  await click('[data-testid="open-settings"]')
  await textMatches('[data-testid="portal-now"]', /on this computer/)
  await textMatches('[data-testid="portal-locked"]', /only an office manager can change it: sign in as one first/)
  assert.equal(await (await browser.$('#settings-portal-url')).isExisting(), false, 'no address field for a passer-by')
  await shot('settings-signed-out')
  // The command itself, as a tampered page could call it.
  const { ok, error } = await invoke('set_portal', { url })
  assert.equal(ok, undefined, 'set_portal must refuse whoever is not a signed-in office manager')
  assert.equal(error.code, 'unauthenticated', JSON.stringify(error))
  const saved = JSON.parse(readFileSync(settingsFile, 'utf8')).settings
  assert.equal(saved.portal_url, null, 'the portal is unchanged')
  await click('[data-testid="settings-close"]')
})

test('the office manager points the app at a shared portal, and the app restarts onto it', { skip }, async (t) => {
  const demo = await loadDemo()
  await browser.execute(() => window.scrollTo(0, 0))
  await signIn('mgarcia', demo.mgarcia.password)
  await fromUserMenu('open-settings')
  await textMatches('[data-testid="portal-now"]', /on this computer/)
  await click('label*=On a shared server')
  await type('#settings-portal-url', url)
  await click('[data-testid="settings-portal-check"]')
  await textMatches('[data-testid="settings-portal-found"]', /Found Dealer Access at/)
  await shot('settings-shared-portal')

  const running = appProcesses()
  assert.equal(running.length, 1, `one app process: ${running}`)
  await click('[data-testid="settings-portal-submit"]')
  // The process ends and a new one starts in its place.
  let restarted = []
  await browser.waitUntil(
    async () => {
      restarted = appProcesses()
      return restarted.length === 1 && restarted[0] !== running[0]
    },
    { timeout: 20000, interval: 200, timeoutMsg: `no restart: app processes ${appProcesses()}` },
  )
  t.diagnostic(`app process ${running[0]} restarted as ${restarted[0]}`)
  const saved = JSON.parse(readFileSync(settingsFile, 'utf8')).settings
  assert.equal(saved.portal_url, url, 'the shared portal is saved')

  // The restarted window, outside the WebDriver session (which cannot follow a restart):
  // it stays up (a second instance would have exited) and shows the sign-in screen.
  await new Promise((r) => setTimeout(r, 3000))
  assert.deepEqual(appProcesses(), restarted, 'the restarted app keeps running')
  displayShot('restarted-window')
})

test('started again, the app works on the shared portal', { skip }, async () => {
  // Ours to end, by id: the restarted app, so that WebDriver can start the app anew; and
  // the WebDriver session of the window that went away.
  for (const pid of appProcesses()) process.kill(pid, 'SIGTERM')
  await quit().catch(() => {})
  for (let i = 0; i < 100 && appProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100))
  assert.deepEqual(appProcesses(), [], 'the restarted app has ended')
  await launch('g')
  await click('[data-testid="open-settings"]')
  await textMatches('[data-testid="portal-now"]', new RegExp(`on a shared server, ${new URL(url).hostname.replaceAll('.', '\\.')}`))
  await textMatches('[data-testid="portal-locked"]', /sign in as one first/)
  await shot('settings-now-shared')
  await click('[data-testid="settings-close"]')
  // The shared portal's own demo accounts sign in; the built-in portal has none.
  assert.equal(await (await browser.$('[data-testid="load-demo"]')).isExisting(), false, 'no demo offer on a shared portal')
  const manager = accounts.find((a) => a.user_id === 'dwright')
  await signIn(manager.user_id, manager.password)
  assert.match(await signedInAs(), /Hilltop Auto Group/)
  await shot('signed-in-on-shared-portal')
})
