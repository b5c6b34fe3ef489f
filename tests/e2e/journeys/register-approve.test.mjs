// (a) "Not registered?": the office manager sets up mail for the built-in portal (a local
// SMTP server); a salesperson registers under Lakeside Motors' PDN through the wizard,
// proving their email with the code that arrives by mail before choosing a user ID; they
// cannot sign in while the registration waits; a reviewer (the demo reviewer, in this
// same app) starts the review and approves it from the queue; the approval arrives by
// mail, and the new user signs in with the password they chose.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { browser, click, firstRun, launch, loadDemo, quit, setUpMail, shot, shown, signedInAs, signIn, signOut, textMatches, type } from '../lib/app.mjs'
import { startSmtp } from '../lib/smtp.mjs'

const newcomer = {
  userId: 'riley.brooks',
  password: 'Kettle-Orbit-Quarry-7319',
  answers: ['blue heron', 'maple street', 'coach dawson'],
}
const newcomerEmail = 'riley.brooks@lakeside.example'
let demo
let requestId
let smtp

before(async () => {
  smtp = await startSmtp()
  await launch('a')
  await firstRun('personal')
  demo = await loadDemo()
  await shot('demo-data')
})
after(async () => {
  await quit()
  await smtp?.close()
})

/** Continue to the next step of the wizard and wait for it. */
async function next(step) {
  await click('main.register button[type="submit"]')
  await shown(`[data-testid="register-step"][data-step="${step}"]`)
}

test('the office manager sets up mail, so registrants can get their codes', async () => {
  await signIn('mgarcia', demo.mgarcia.password)
  await setUpMail(smtp, 'Lakeside Motors <no-reply@lakeside.example>')
  await signOut()
})

test('the registration wizard takes a newcomer from the PDN to a submitted request', async () => {
  await click('[data-testid="register"]')
  await shown('[data-testid="register-step"][data-step="pdn"]')
  await type('#reg-pdn', '01234')
  await next('dealer')
  assert.match(await (await browser.$('[data-testid="reg-dealer"]')).getText(), /Lakeside Motors/)
  await shot('confirm-dealership')
  await next('details')

  await type('#reg-first-name', 'Riley')
  await type('#reg-last-name', 'Brooks')
  await type('#reg-email', newcomerEmail)
  await type('#reg-phone', '(312) 555-0143')
  await (await shown('#reg-role')).selectByAttribute('value', 'salesperson')
  await shot('details')
  await next('email')

  // The code arrives by mail, sealed in the outbox until it went; it proves the address.
  const mail = await smtp.next(newcomerEmail, 30000, /registration code/i)
  const code = /^\s+(\d{6})\s*$/m.exec(mail.raw)?.[1]
  assert.ok(code, `a six-digit code in the mail: ${mail.raw}`)
  await type('#reg-code', '000000' === code ? '111111' : '000000')
  await click('main.register button[type="submit"]')
  await textMatches('[data-testid="reg-code-error"]', /not right/)
  await type('#reg-code', code)
  await shot('email-code')
  await next('account')

  await type('#reg-user-id', newcomer.userId)
  await type('#reg-password', newcomer.password)
  await type('#reg-confirm', newcomer.password)
  await shot('account')
  await next('questions')

  for (const [i, id] of ['reg-challenge-0', 'reg-challenge-1', 'reg-secret'].entries()) {
    await (await shown(`#${id}-question`)).selectByIndex(i + 1)
    await type(`#${id}-answer`, newcomer.answers[i])
  }
  await shot('questions')
  await next('applications')

  await click('label*=SmartCash')
  assert.ok(await (await browser.$('input[value="smartcash"]')).isSelected(), 'SmartCash is chosen')
  await next('review')
  assert.equal(await (await browser.$('[data-testid="rv-user-id"]')).getText(), newcomer.userId)
  await shot('review')

  await next('submitted')
  const id = await textMatches('[data-testid="reg-request-id"]', /^#\d+$/)
  requestId = Number(id.slice(1))
  await click('[data-testid="reg-check-status"]')
  await textMatches('main.register .status', /Submitted/i)
  await shot('submitted')
})

test('a registration waiting for review cannot sign in yet, and says so', async () => {
  await click('button=Back to sign in')
  const error = await signIn(newcomer.userId, newcomer.password, { expect: 'error' })
  assert.equal(await error.getAttribute('data-code'), 'pending_approval')
  await shot('pending-sign-in')
})

test('the demo reviewer finds the registration in the queue and approves it', async () => {
  await signIn('reviewer.sam', demo['reviewer.sam'].password)
  const row = await shown(`[data-testid="request-row-${requestId}"]`, 15000)
  assert.match(await row.getText(), /Riley Brooks/)
  assert.match(await row.getText(), /riley\.brooks/)
  await shot('review-queue')

  await (await row.$('button')).click()
  await textMatches('[data-testid="page-title"]', new RegExp(`Request #${requestId}`))
  for (const [action, state] of [
    ['Start review', /in review/i],
    ['Approve', /approved/i],
  ]) {
    await click('[data-testid="open-decision"]')
    const submit = await shown('button[form="decision-form"]')
    assert.equal(await submit.getText(), action, `the dialog offers ${action} first`)
    await shot(`decide-${action.toLowerCase().replace(' ', '-')}`)
    await submit.click()
    await textMatches('[data-testid="request-notice"]', state)
  }
  await shot('approved')
  await signOut()
})

test('the approval reaches the newcomer by mail', async () => {
  const mail = await smtp.next(newcomerEmail, 30000, /approved/i)
  assert.match(mail.raw, /riley\.brooks/)
})

test('the approved newcomer signs in with the password they chose', async () => {
  await signIn(newcomer.userId, newcomer.password)
  const who = await signedInAs()
  assert.match(who, /Lakeside Motors/)
  assert.match(who, /Staff/)
  await shot('newcomer-signed-in')
})
