// What every journey does with the real app: start it over tauri-driver, take numbered
// screenshots, get through first run, load the demo data (passwords and answers as the
// app shows them, once), sign in and out, read the keychain from another process, and
// talk to the embedded portal's HTTP API where a second person is needed.
//
// Each journey file runs in its own process with a fresh app-data folder, keychain and
// D-Bus session (run.sh), so nothing here is shared between journeys.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { appendFileSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs'
import { remote } from 'webdriverio'

/**
 * Note a secret this journey handled (a password, an answer, a temporary password, an API
 * token): after the journey, run.sh searches everything the app left behind — its data,
 * config and cache folders (settings and drafts stores, WebKit's storage, the built-in
 * portal's database and WAL), its log and the keychain — and fails on any of them.
 */
export function canary(value) {
  // Digits alone (a registrant's six-digit email code) turn up by chance in any log's
  // timestamps: such a code is short-lived, and the portal's tests prove it is sealed
  // while queued and removed once sent.
  if (process.env.DEALER_CANARIES && typeof value === 'string' && value.length >= 6 && !/^\d+$/.test(value)) {
    appendFileSync(process.env.DEALER_CANARIES, `${value}\n`)
  }
  return value
}

/** Field names whose values are secrets, in forms typed or sent to the portal. */
const SECRET_FIELD = /password|answer|secret|code/i

/** Secret fields of the portal's answers: tokens and a temporary password (an answer's
 * `code` is an error code, not a secret). */
const SECRET_ANSWER = /password|token/i

/** Every secret value in a request or response body, by field name. */
function canaries(value, pattern, key = '') {
  if (typeof value === 'string') {
    if (pattern.test(key)) canary(value)
  } else if (Array.isArray(value)) {
    value.forEach((v) => canaries(v, pattern, key))
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) canaries(v, pattern, pattern.test(key) ? key : k)
  }
}

/** The WebDriver session of this journey's app window. */
export let browser
let prefix = 'x'
let taken = 0

/** Start the app; screenshots are named `<prefix>-NN-<name>.png`. */
export async function launch(shotPrefix) {
  prefix = shotPrefix
  browser = await remote({
    hostname: '127.0.0.1',
    port: 4444,
    logLevel: 'warn',
    capabilities: { 'tauri:options': { application: process.env.DEALER_APP } },
  })
  return browser
}

/**
 * End the app's WebDriver session, then wait (up to 10 s) until the app's processes have
 * ended: a journey that launches the app again must not meet the old one still exiting,
 * whose single-instance lock would turn the new start into a hand-over to a window that is
 * going away (the new WebDriver session then waits for a window that never comes; seen on
 * a loaded CI machine in access-review's restart).
 */
export async function quit() {
  await browser?.deleteSession()
  for (let i = 0; i < 100 && appProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 100))
}

/** The app processes of this journey (its own XDG folder), by process id. */
export function appProcesses() {
  const mine = `XDG_DATA_HOME=${process.env.XDG_DATA_HOME}`
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return (
          readlinkSync(`/proc/${p}/exe`) === process.env.DEALER_APP &&
          readFileSync(`/proc/${p}/environ`, 'utf8').split('\0').includes(mine)
        )
      } catch {
        return false
      }
    })
    .map(Number)
}

function shotPath(name) {
  taken += 1
  return `${process.env.DEALER_SCREENSHOTS}/${prefix}-${String(taken).padStart(2, '0')}-${name}.png`
}

/** A numbered screenshot of the window, after WebKit painted the new state. */
export async function shot(name) {
  await browser.pause(500)
  await browser.saveScreenshot(shotPath(name))
}

/** A numbered screenshot of the whole display, for a window no WebDriver session drives. */
export function displayShot(name) {
  execFileSync('import', ['-window', 'root', shotPath(name)])
}

/** The element, once it is displayed. */
export async function shown(selector, timeout = 10000) {
  const element = await browser.$(selector)
  try {
    await element.waitForDisplayed({ timeout })
  } catch (err) {
    throw await withWindow(err)
  }
  return element
}

/**
 * A wait that failed, with what the window showed instead: its text in the error and a
 * screenshot named `FAILED`, so a failure on CI says what stood in the way.
 */
async function withWindow(err) {
  const said = await browser.execute(() => document.body.innerText).catch(() => '(unreadable)')
  await browser.saveScreenshot(shotPath('FAILED')).catch(() => {})
  err.message += `\nThe window showed: ${String(said).replace(/\s+/g, ' ').slice(0, 800)}`
  return err
}

export async function click(selector) {
  await (await shown(selector)).click()
}

/** Type into an input, replacing what is there (a password field's value is a canary). */
export async function type(selector, value) {
  const element = await shown(selector)
  if (SECRET_FIELD.test(selector) || (await element.getAttribute('type')) === 'password') canary(value)
  await element.setValue(value)
}

/** Wait until the element's text matches. */
export async function textMatches(selector, pattern, timeout = 10000) {
  const element = await shown(selector, timeout)
  try {
    await browser.waitUntil(async () => pattern.test(await element.getText()), {
      timeout,
      timeoutMsg: `${selector} never matched ${pattern}`,
    })
  } catch (err) {
    throw await withWindow(err)
  }
  return element.getText()
}

/** First run: how the computer is used, then the built-in portal (the default). */
export async function firstRun(mode) {
  await click(`[data-testid="mode-${mode}"]`)
  await click('[data-testid="first-run-portal-submit"]')
  await shown('#user-id')
}

/**
 * Load the demo data from the sign-in screen and read what the app shows once: per user
 * ID its password and its three questions with answers (`kind` is `challenge` or
 * `help_desk_secret`).
 */
export async function loadDemo() {
  await click('[data-testid="load-demo"]')
  await shown('[data-testid="demo-password-mgarcia"]', 20000)
  await click('[data-testid="demo-answers"] summary')
  const accounts = await browser.execute(() => {
    const out = {}
    for (const code of document.querySelectorAll('[data-testid^="demo-password-"]')) {
      const userId = code.dataset.testid.slice('demo-password-'.length)
      const answers = [...document.querySelectorAll(`[data-testid^="demo-answer-${userId}-"]`)].map((a) => ({
        kind: a.dataset.kind,
        question: a.dataset.question,
        answer: a.textContent.trim(),
      }))
      out[userId] = { password: code.textContent.trim(), answers }
    }
    return out
  })
  // The answers in view, for the screenshot that follows.
  await browser.execute(() => document.querySelector('[data-testid="demo-answers"]').scrollIntoView())
  for (const [userId, account] of Object.entries(accounts)) {
    assert.match(account.password, /^[A-Za-z0-9]{20}$/, `${userId}'s password is shown`)
    assert.equal(account.answers.length, 3, `${userId}'s three answers are shown`)
    canary(account.password)
    account.answers.forEach((a) => canary(a.answer))
  }
  return accounts
}

/**
 * Who is signed in, as the user menu at the top right says it (name, user ID, role,
 * dealership); the menu is opened to read it and closed again.
 */
export async function signedInAs() {
  await click('[data-testid="user-menu"]')
  const text = await (await shown('[data-testid="signed-in-as"]')).getText()
  await browser.keys('Escape')
  return text
}

/** Open the user menu and choose one of its items (`sign-out`, `open-settings`, …). */
export async function fromUserMenu(testid) {
  await click('[data-testid="user-menu"]')
  await click(`[data-testid="${testid}"]`)
}

/**
 * The authenticator apps of this journey: per user ID the secret (base 32) the app showed at
 * set-up, its recovery codes, and the last RFC 6238 step whose code was used (the portal
 * takes each step's code once).
 */
export const authenticators = new Map()

function base32Bytes(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const value = alphabet.indexOf(c)
    assert.ok(value >= 0, `base 32: ${c}`)
    bits += value.toString(2).padStart(5, '0')
  }
  const bytes = []
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2))
  return Buffer.from(bytes)
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of `secret` for time step `step`. */
export function totp(secret, step) {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000
  return String(value).padStart(6, '0')
}

/** How far ahead of the wall clock the built-in portal runs (`moveClock`), in ms. */
let clockAhead = 0

/** The built-in portal's time now, in ms since the epoch. */
const portalNow = () => Date.now() + clockAhead

/**
 * Move the built-in portal's clock to `days` ahead of the wall clock (a debug build reads
 * run.sh's clock file at each look): the journeys' way to let weeks pass. Authenticator
 * codes follow, as a phone set to the portal's time would.
 */
export function moveClock(days) {
  writeFileSync(process.env.DEALER_E2E_CLOCK_FILE, String(days))
  clockAhead = days * 86_400_000
}

/** What `userId`'s authenticator app shows now, waiting for the next step when this one's code was used. */
export async function nextCode(userId) {
  const app = authenticators.get(userId)
  assert.ok(app, `${userId} has an authenticator set up in this journey`)
  let step = Math.floor(portalNow() / 30_000)
  if (step <= app.lastStep) {
    await browser.pause((app.lastStep + 1) * 30_000 - portalNow() + 200)
    step = Math.floor(portalNow() / 30_000)
  }
  app.lastStep = step
  return totp(app.secret, step)
}

/**
 * Set up two-step sign-in on the screen that asks for it (at sign-in, or on My account) as
 * someone with an authenticator app would: the key shown for typing goes into the app, the
 * app's code confirms it, and the recovery codes are kept.
 */
export async function setUpTwoStep(userId, { whileCodesShown } = {}) {
  const secret = (await (await shown('[data-testid="two-step-secret"]')).getText()).replace(/\s/g, '')
  canary(secret)
  authenticators.set(userId, { secret, recovery: [], lastStep: 0 })
  await type('#two-step-confirm-code', await nextCode(userId))
  await click('[data-testid="two-step-turn-on"]')
  const list = await shown('[data-testid="recovery-codes"]')
  const recovery = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="recovery-codes"] li')].map((li) => li.textContent.trim()),
  )
  assert.equal(recovery.length, 10, 'ten recovery codes are shown')
  recovery.forEach(canary)
  authenticators.get(userId).recovery = recovery
  assert.ok(await list.isDisplayed())
  await whileCodesShown?.()
  await click('[data-testid="recovery-saved"]')
}

async function firstShown(selectors, timeout) {
  let found = null
  await browser.waitUntil(
    async () => {
      for (const selector of selectors) {
        const element = await browser.$(selector)
        if ((await element.isExisting()) && (await element.isDisplayed())) {
          found = selector
          return true
        }
      }
      return false
    },
    { timeout, timeoutMsg: `none of ${selectors.join(', ')} was shown` },
  )
  return found
}

/**
 * Sign in from the sign-in screen; waits for the signed-in screen unless told not to. A
 * role that must use two-step sign-in sets it up at its first sign-in here, and types its
 * authenticator's code at the next ones, as its owner would.
 */
export async function signIn(userId, password, { remember = false, expect = 'home' } = {}) {
  await type('#user-id', userId)
  await type('#password', password)
  if (remember) {
    // Ticked through its label: WebKitGTK does not tick the small box on a WebDriver click.
    await click('label*=Keep me signed in')
    assert.ok(await (await browser.$('input[type="checkbox"]')).isSelected(), 'remember is ticked')
  }
  await click('button[type="submit"]')
  if (expect === 'error') return shown('[data-testid="sign-in-error"]')
  // What a sign-in with the right password leads to, past the two-step screens.
  const landed = ['[data-testid="user-menu"]', '#current-password', '[data-testid="sign-in-error"]']
  for (;;) {
    const found = await firstShown(
      [...landed, '[data-testid="two-step-setup"]', '[data-testid="two-step-form"]'],
      15000,
    )
    if (found === '[data-testid="two-step-setup"]') {
      await setUpTwoStep(userId)
    } else if (found === '[data-testid="two-step-form"]') {
      await type('#two-step-code', await nextCode(userId))
      await click('[data-testid="two-step-form"] button[type="submit"]')
      await browser.waitUntil(async () => !(await (await browser.$('#two-step-code')).isExisting()), {
        timeout: 15000,
        timeoutMsg: 'the code step did not end',
      })
    } else break
  }
  if (expect === 'home') {
    await shown('[data-testid="user-menu"]', 15000)
    assert.match(await signedInAs(), new RegExp(userId))
  }
}

/** Sign out from the user menu, back to the sign-in screen. */
export async function signOut() {
  await fromUserMenu('sign-out')
  await shown('#user-id')
}

/**
 * Settings → Mail, as the signed-in office manager: the built-in portal sends through
 * `smtp` (the journeys' local server), after a test mail to the manager went through.
 */
export async function setUpMail(smtp, from) {
  await fromUserMenu('open-settings')
  await shown('[data-testid="mail-card"]')
  await type('#mail-host', '127.0.0.1')
  await (await shown('#mail-security')).selectByAttribute('value', 'none')
  await type('#mail-port', String(smtp.port))
  await type('#mail-from', from)
  await click('[data-testid="mail-test"]')
  await textMatches('[data-testid="mail-notice"]', /A test mail went to/, 20000)
  await click('[data-testid="mail-save"]')
  await textMatches('[data-testid="mail-notice"]', /Saved/)
  await click('[data-testid="settings-close"]')
}

/**
 * The app's command, called the way the UI calls it (for what the UI cannot show): through
 * Tauri's internal IPC, as @tauri-apps/api does (no global `__TAURI__`: withGlobalTauri is off).
 */
export async function invoke(command, args = {}) {
  // The page answers `{ok}` or `{failure}`: a result with an `error` member would be taken
  // by the WebDriver client for an error of the driver itself.
  const { ok, failure } = await browser.execute(
    async (command, args) => {
      try {
        return { ok: await window.__TAURI_INTERNALS__.invoke(command, args) }
      } catch (failure) {
        return { failure }
      }
    },
    command,
    args,
  )
  return failure === undefined ? { ok } : { error: failure }
}

/** The embedded portal's address (http://127.0.0.1:<port>/), as the app reports it. */
export async function portalUrl() {
  const { ok, error } = await invoke('portal_info')
  assert.ok(ok, `portal_info: ${JSON.stringify(error)}`)
  assert.equal(ok.embedded, true, 'the app runs its built-in portal')
  return ok.url
}

/**
 * One call to the portal's HTTP API: `{status, body}`. The built-in portal answers only its
 * app, by a per-launch key; a debug build takes the key run.sh chose (DEALER_E2E_APP_KEY),
 * which these calls send unless told `appKey: null`.
 */
export async function portalApi(base, method, path, { token, body, appKey = process.env.DEALER_E2E_APP_KEY } = {}) {
  const response = await fetch(new URL(`api/v1/${path}`, base), {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(appKey ? { 'x-dealer-app-key': appKey } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  const answer = text ? JSON.parse(text) : null
  canaries(body, SECRET_FIELD)
  canaries(answer, SECRET_ANSWER)
  return { status: response.status, body: answer }
}

/**
 * Sign in to the portal's API directly, as a script would: with two-step sign-in on, the
 * `202` step's token and the code from the user's authenticator (set up in this journey).
 * The `201` answer, with its session token.
 */
export async function portalSignIn(base, userId, password) {
  let answer = await portalApi(base, 'POST', 'sessions', { body: { user_id: userId, password } })
  if (answer.status === 202) {
    canary(answer.body.two_step_token)
    answer = await portalApi(base, 'POST', 'sessions/two-step', {
      body: { two_step_token: answer.body.two_step_token, code: await nextCode(userId) },
    })
  }
  assert.equal(answer.status, 201, JSON.stringify(answer.body))
  return answer
}

/** The keychain entries of the app, read by another process (secret-tool). */
export function keychainEntries() {
  try {
    // secret-tool prints the attributes of each match on stderr.
    const out = execFileSync('secret-tool', ['search', '--all', 'service', 'dealer-access'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return out
  } catch {
    return ''
  }
}

/** The keychain entry for a user on the built-in portal, or null. */
export function keychainToken(userId) {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', 'dealer-access', 'username', `localhost/${userId}`], {
      encoding: 'utf8',
    })
  } catch {
    return null
  }
}
