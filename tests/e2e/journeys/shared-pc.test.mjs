// (e) A shared dealership PC: chosen on first run; no "keep me signed in", and nothing is
// written to the OS keychain even when a sign-in asks to be remembered; the office
// manager sets the idle time to its minimum (1 minute); left alone, the PC signs out by
// itself back to an empty sign-in screen, and the portal session is ended too.
//
// This journey waits the real idle minute (plus up to the app's 15-second check): the
// idle time is whole minutes, and the app has no test knob to shorten it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { browser, click, firstRun, fromUserMenu, invoke, keychainEntries, launch, loadDemo, portalApi, portalSignIn, portalUrl, quit, shot, shown, signIn, textMatches, type } from '../lib/app.mjs'

const settingsFile = `${process.env.DEALER_APP_DATA}/settings.json`
let demo
let lastTouch

before(async () => {
  await launch('e')
  await firstRun('shared')
  demo = await loadDemo()
})
after(quit)

test('a shared PC offers no "keep me signed in"', async () => {
  await browser.execute(() => window.scrollTo(0, 0))
  await textMatches('main.sign-in header', /Shared dealership PC/)
  assert.equal(await (await browser.$('label*=Keep me signed in')).isExisting(), false)
  assert.equal(await (await browser.$('main.sign-in form input[type="checkbox"]')).isExisting(), false)
  await shot('sign-in')
})

test('even a sign-in that asks to be remembered writes nothing to the keychain', async () => {
  // The command itself, as a tampered page could call it: shared mode must still refuse.
  const { ok, error } = await invoke('sign_in', { userId: 'jchen', password: demo.jchen.password, remember: true })
  assert.ok(ok, JSON.stringify(error))
  assert.equal(ok.remembered, false, 'not remembered on a shared PC')
  assert.equal(keychainEntries(), '', 'no keychain entry at all')
  assert.ok((await invoke('sign_out')).ok === null)
})

test('the office manager signs in: nothing in the keychain, no user ID kept', async () => {
  await signIn('mgarcia', demo.mgarcia.password)
  assert.equal(keychainEntries(), '', 'secret-tool finds no dealer-access entry')
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')).settings
  assert.equal(settings.device_mode, 'shared')
  assert.equal(settings.last_user_id, null, 'a shared PC does not keep the last user ID')
  await shot('signed-in')
})

test('the office manager sets the idle sign-out to one minute', async () => {
  await fromUserMenu('open-settings')
  await textMatches('[data-testid="device-now"]', /A shared dealership PC/)
  await type('#idle-minutes', '1')
  await click('[data-testid="idle-save"]')
  await textMatches('[data-testid="device-now"]', /signs out after 1 idle minute\./)
  await shot('settings-idle')
  await click('[data-testid="settings-close"]')
  lastTouch = Date.now()
  await shown('[data-testid="user-menu"]')
})

test('left alone for the idle minute, the PC signs out to an empty sign-in screen', async () => {
  // Only looking from here on (no pointer or key events reach the window).
  const userId = await browser.$('#user-id')
  await userId.waitForDisplayed({ timeout: 100_000, interval: 1000 })
  const idle = (Date.now() - lastTouch) / 1000
  assert.ok(idle >= 59, `signed out after ${idle} s idle, not before the minute`)
  assert.equal(await userId.getValue(), '', 'the previous user ID is not shown')
  assert.equal(await (await browser.$('[data-testid="user-menu"]')).isExisting(), false, 'nobody is signed in')
  await shot('signed-out-idle')

  // The portal ended the app's session too: mgarcia's only live session is this new one.
  const portal = await portalUrl()
  const signedIn = await portalSignIn(portal, 'mgarcia', demo.mgarcia.password)
  const sessions = await portalApi(portal, 'GET', 'sessions', { token: signedIn.body.token })
  assert.equal(sessions.status, 200)
  assert.equal(sessions.body.length, 1, `only the new session is live: ${JSON.stringify(sessions.body)}`)
})
