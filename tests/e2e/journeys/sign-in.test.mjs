// The real app on its embedded portal, as a newcomer meets it: first run, demo data loaded
// through the app, a wrong password, sign in with a demo account (personal computer,
// remembered in the real OS keychain), sign out. A screenshot of each step lands in
// $DEALER_SCREENSHOTS.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { remote } from 'webdriverio'

const manager = { user_id: 'mgarcia', password: null }
const settingsFile = `${process.env.DEALER_APP_DATA}/settings.json`
let browser

async function shot(name) {
  // Let WebKit paint the new state before capturing it.
  await browser.pause(500)
  await browser.saveScreenshot(`${process.env.DEALER_SCREENSHOTS}/${name}.png`)
}

/** The keychain entry for a user, read by another process (secret-tool). */
function keychainToken(userId) {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', 'dealer-access', 'username', `localhost/${userId}`], {
      encoding: 'utf8',
    })
  } catch {
    return null
  }
}

before(async () => {
  browser = await remote({
    hostname: '127.0.0.1',
    port: 4444,
    logLevel: 'warn',
    capabilities: { 'tauri:options': { application: process.env.DEALER_APP } },
  })
})

after(async () => {
  await browser?.deleteSession()
})

test('first run asks how the computer is used', async () => {
  const personal = await browser.$('[data-testid="mode-personal"]')
  await personal.waitForDisplayed({ timeout: 20000 })
  await shot('01-first-run')
  await personal.click()
  // Then the portal: standalone on this PC is the default.
  const portal = await browser.$('[data-testid="first-run-portal-submit"]')
  await portal.waitForDisplayed({ timeout: 10000 })
  await shot('01b-first-run-portal')
  await portal.click()
  await (await browser.$('#user-id')).waitForDisplayed({ timeout: 10000 })
  await shot('02-sign-in')
})

test('an empty built-in portal offers demo data and shows its passwords once', async () => {
  await (await browser.$('[data-testid="load-demo"]')).click()
  const password = await browser.$('[data-testid="demo-password-mgarcia"]')
  await password.waitForDisplayed({ timeout: 20000 })
  manager.password = await password.getText()
  assert.match(manager.password, /^[A-Za-z0-9]{20}$/)
  await shot('03-demo-data')
  await (await browser.$('button=mgarcia')).click()
  assert.equal(await (await browser.$('#user-id')).getValue(), 'mgarcia', 'picking an account fills the user ID')
})

test('a wrong password gets the one answer every failure gets, with the help desk', async () => {
  await (await browser.$('#password')).setValue('not the password at all')
  await (await browser.$('button[type="submit"]')).click()
  const error = await browser.$('[data-testid="sign-in-error"]')
  await error.waitForDisplayed({ timeout: 10000 })
  assert.equal(await error.getAttribute('data-code'), 'invalid_credentials')
  assert.match(await error.getText(), /help desk/i)
  assert.equal(await (await browser.$('#password')).getValue(), '', 'the password field is cleared')
  await shot('04-wrong-password')
})

test('sign in on a personal computer, remembered only as a token in the OS keychain', async () => {
  await (await browser.$('#user-id')).setValue('mgarcia')
  await (await browser.$('#password')).setValue(manager.password)
  // Ticked through its label, as a person clicks the words next to the box.
  await (await browser.$('label*=Keep me signed in')).click()
  assert.ok(await (await browser.$('input[type="checkbox"]')).isSelected(), 'remember is ticked')
  await (await browser.$('button[type="submit"]')).click()
  const who = await browser.$('[data-testid="signed-in-as"]')
  await who.waitForDisplayed({ timeout: 10000 })
  assert.match(await who.getText(), /mgarcia/)
  assert.match(await who.getText(), /Lakeside Motors/)
  await shot('05-signed-in')

  const token = keychainToken('mgarcia')
  assert.ok(token && /^[0-9a-f]{64}$/.test(token.trim()), `the keychain holds a session token: ${token}`)
  assert.notEqual(token.trim(), manager.password, 'never the password')
  const settings = readFileSync(settingsFile, 'utf8')
  assert.ok(!settings.includes(manager.password) && !settings.includes(token.trim()), 'no secret in the settings file')
  const storage = await browser.execute(() => JSON.stringify({ ...window.localStorage, ...window.sessionStorage }))
  assert.ok(!storage.includes(manager.password) && !storage.includes(token.trim()), 'no secret in web storage')
})

test('sign out revokes the session and forgets the keychain entry', async () => {
  await (await browser.$('[data-testid="sign-out"]')).click()
  await (await browser.$('#user-id')).waitForDisplayed({ timeout: 10000 })
  assert.equal(await (await browser.$('#user-id')).getValue(), 'mgarcia', 'a personal computer remembers the user ID')
  assert.equal(keychainToken('mgarcia'), null, 'the keychain entry is gone')
  await shot('06-signed-out')
})
