// The real app on its embedded portal, as a newcomer meets it: first run, demo data loaded
// through the app, a wrong password, sign in with a demo account (personal computer,
// remembered in the real OS keychain), sign out. A screenshot of each step lands in
// $DEALER_SCREENSHOTS.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { authenticators, browser, click, fromUserMenu, keychainEntries, keychainToken, launch, loadDemo, quit, shot, shown, signedInAs, signIn } from '../lib/app.mjs'

const settingsFile = `${process.env.DEALER_APP_DATA}/settings.json`
let demo

before(async () => {
  await launch('s')
})
after(quit)

test('first run asks how the computer is used', async () => {
  await shown('[data-testid="mode-personal"]', 20000)
  await shot('first-run')
  await click('[data-testid="mode-personal"]')
  // Then the portal: standalone on this PC is the default.
  await shown('[data-testid="first-run-portal-submit"]')
  await shot('first-run-portal')
  await click('[data-testid="first-run-portal-submit"]')
  await shown('#user-id')
  await shot('sign-in')
})

test('an empty built-in portal offers demo data and shows its passwords once', async () => {
  demo = await loadDemo()
  await shot('demo-answers')
  await browser.execute(() => window.scrollTo(0, 0))
  await shot('demo-data')
  await click('button=mgarcia')
  assert.equal(await (await browser.$('#user-id')).getValue(), 'mgarcia', 'picking an account fills the user ID')
})

test('a wrong password gets the one answer every failure gets, with the help desk', async () => {
  await (await browser.$('#password')).setValue('not the password at all')
  await click('button[type="submit"]')
  const error = await shown('[data-testid="sign-in-error"]')
  assert.equal(await error.getAttribute('data-code'), 'invalid_credentials')
  assert.match(await error.getText(), /help desk/i)
  assert.equal(await (await browser.$('#password')).getValue(), '', 'the password field is cleared')
  await shot('wrong-password')
})

test('sign in on a personal computer, remembered only as a token in the OS keychain', async () => {
  const password = demo.mgarcia.password
  await signIn('mgarcia', password, { remember: true })
  assert.ok(authenticators.has('mgarcia'), 'an office manager set up two-step sign-in at the first sign-in')
  const who = await signedInAs()
  assert.match(who, /Lakeside Motors/)
  await shot('signed-in')

  const token = keychainToken('mgarcia')
  assert.ok(token && /^[0-9a-f]{64}$/.test(token.trim()), `the keychain holds a session token: ${token}`)
  assert.notEqual(token.trim(), password, 'never the password')
  // What the shared-PC journey relies on to see "no entry": here it sees this one.
  assert.match(keychainEntries(), /localhost\/mgarcia/, 'secret-tool search finds the entry')
  const settings = readFileSync(settingsFile, 'utf8')
  assert.ok(!settings.includes(password) && !settings.includes(token.trim()), 'no secret in the settings file')
  const storage = await browser.execute(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }))
  assert.ok(!storage.includes(password) && !storage.includes(token.trim()), 'no secret in web storage')
})

test('sign out revokes the session and forgets the keychain entry', async () => {
  await fromUserMenu('sign-out')
  await shown('#user-id')
  assert.equal(await (await browser.$('#user-id')).getValue(), 'mgarcia', 'a personal computer remembers the user ID')
  assert.equal(keychainToken('mgarcia'), null, 'the keychain entry is gone')
  assert.equal(keychainEntries(), '', 'no entry left at all')
  await shot('signed-out')
})
