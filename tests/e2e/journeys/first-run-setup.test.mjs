// (i) A dealership's first run on a computer of its own: "Set up this dealership" instead
// of the demo. The owner sets up the dealership and their account, files a new user as its
// office manager, and completes the request as the built-in reviewer; the new person's
// enrollment code waits in the built-in portal's outbox until the owner sets up mail
// (Settings → Mail, a local SMTP server), then arrives, and the new person enrolls with it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  browser,
  canary,
  click,
  firstRun,
  launch,
  portalApi,
  portalSignIn,
  portalUrl,
  quit,
  shot,
  shown,
  signIn,
  signOut,
  signedInAs,
  textMatches,
  type,
  fromUserMenu,
} from '../lib/app.mjs'
import { startSmtp } from '../lib/smtp.mjs'

const owner = {
  userId: 'omarsh',
  password: 'harbor lantern violet meadow',
  answers: ['Civic', 'Rex', 'Oak Hill'],
}
let requestId
let smtp

before(async () => {
  smtp = await startSmtp()
  await launch('i')
  await firstRun('personal')
  canary(owner.password)
  owner.answers.forEach(canary)
})
after(async () => {
  await quit()
  await smtp?.close()
})

test('the owner sets up the dealership and sees their three user IDs, labelled', async () => {
  await click('[data-testid="set-up"]')
  await shown('[data-testid="setup-step"][data-step="details"]')
  await type('#setup-pdn', '70707')
  await type('#setup-name', 'Maple Street Motors')
  await type('#setup-first', 'Owen')
  await type('#setup-last', 'Marsh')
  await type('#setup-email', 'owen@maple-motors.example')
  await type('#setup-user-id', owner.userId)
  await shot('details')
  await click('button=Continue')

  await shown('[data-testid="setup-step"][data-step="password"]')
  await type('#setup-password', owner.password)
  await type('#setup-confirm', owner.password)
  for (const [i, id] of ['setup-challenge-0', 'setup-challenge-1', 'setup-secret'].entries()) {
    await (await shown(`#${id}-question`)).selectByIndex(i + 1)
    await type(`#${id}-answer`, owner.answers[i])
  }
  await click('button=Set up')
  await shown('[data-testid="setup-step"][data-step="done"]', 20000)
  for (const [role, id] of [
    ['office_manager', 'omarsh'],
    ['reviewer', 'omarsh.reviewer'],
    ['help_desk', 'omarsh.helpdesk'],
  ]) {
    assert.match(await (await shown(`[data-testid="setup-account-${role}"]`)).getText(), new RegExp(id.replace('.', '\\.')))
  }
  await shot('done')
  await click('[data-testid="setup-sign-in"]')
  assert.equal(await (await shown('#user-id')).getValue(), owner.userId, 'the sign-in form has the user ID')
  assert.equal(await browser.$('[data-testid="load-demo"]').isExisting(), false, 'no demo once the portal has accounts')
})

test('as office manager the owner files a new user for the dealership', async () => {
  await signIn(owner.userId, owner.password)
  assert.match(await signedInAs(), /Maple Street Motors/)
  await click('[data-testid="new-request"]')
  await click('#rf-kind-new_user')
  await type('#rf-first-name', 'Nora')
  await type('#rf-last-name', 'Hale')
  await type('#rf-email', 'nora.hale@maple-motors.example')
  await type('#rf-business-phone', '(312) 555-0177')
  await (await shown('#rf-role')).selectByAttribute('value', 'salesperson')
  await type('#rf-user-id', 'nhale')
  await click('label*=SmartCash')
  await click('button=Review request')
  await click('button=Submit request')
  const notice = await textMatches('[data-testid="request-notice"]', /submitted/i, 15000)
  assert.ok(notice)
  const title = await textMatches('[data-testid="page-title"]', /Request #\d+/)
  requestId = Number(/#(\d+)/.exec(title)[1])
  await shot('filed')
  await signOut()
})

test('as the built-in reviewer the owner approves and completes it', async () => {
  await signIn('omarsh.reviewer', owner.password)
  const row = await shown(`[data-testid="request-row-${requestId}"]`, 15000)
  await (await row.$('button')).click()
  await textMatches('[data-testid="page-title"]', new RegExp(`Request #${requestId}`))
  for (const [action, state] of [
    ['Start review', /in review/i],
    ['Approve', /approved/i],
    ['Complete', /completed/i],
  ]) {
    await click('[data-testid="open-decision"]')
    const submit = await shown('button[form="decision-form"]')
    assert.equal(await submit.getText(), action)
    await submit.click()
    await textMatches('[data-testid="request-notice"]', state)
  }
  await shot('completed')
  await signOut()
})

test("the new person's enrollment code waits in the built-in portal's outbox", async () => {
  const portal = await portalUrl()
  // The reviewer set up two-step sign-in in the app: the script types its code too.
  const signedIn = await portalSignIn(portal, 'omarsh.reviewer', owner.password)
  const outbox = await portalApi(portal, 'GET', 'outbox', { token: signedIn.body.token })
  assert.equal(outbox.status, 200)
  const mail = outbox.body.find((m) => m.to === 'nora.hale@maple-motors.example')
  assert.ok(mail, `an enrollment mail to the new person: ${JSON.stringify(outbox.body.map((m) => m.to))}`)
  assert.match(mail.subject, /set your password/i)
  await portalApi(portal, 'DELETE', 'sessions/current', { token: signedIn.body.token })
})

test('the owner sets up mail: a test mail arrives, then the waiting enrollment code', async () => {
  await signIn(owner.userId, owner.password)
  await fromUserMenu('open-settings')
  await shown('[data-testid="mail-card"]')
  assert.match(await (await shown('[data-testid="mail-now"]')).getText(), /not set up/)
  await type('#mail-host', '127.0.0.1')
  await (await shown('#mail-security')).selectByAttribute('value', 'none')
  await type('#mail-port', String(smtp.port))
  await type('#mail-from', 'Maple Street Motors <no-reply@maple-motors.example>')
  await click('[data-testid="mail-test"]')
  await textMatches('[data-testid="mail-notice"]', /A test mail went to owen@maple-motors\.example/, 20000)
  const test = await smtp.next('owen@maple-motors.example')
  assert.match(test.raw, /Dealer Access test mail/)
  await click('[data-testid="mail-save"]')
  await textMatches('[data-testid="mail-notice"]', /Saved/)
  await shot('mail-saved')

  const enrollment = await smtp.next('nora.hale@maple-motors.example')
  assert.match(enrollment.raw, /set your password/i)
  const code = /\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/.exec(enrollment.raw)?.[1]
  assert.ok(code, 'the mail carries the enrollment code')
  canary(code)
  newcomerCode = code
  await click('[data-testid="settings-close"]')
  await signOut()
})

let newcomerCode

test('the new person enrolls with the code from the mail and signs in', async () => {
  const password = canary('copper meadow violin ember')
  await click('[data-testid="enroll"]')
  await type('#enroll-user-id', 'nhale')
  await type('#enroll-code', newcomerCode)
  await click('button=Continue')
  await shown('#enroll-password')
  await type('#enroll-password', password)
  await type('#enroll-confirm', password)
  for (const [i, id] of ['enroll-challenge-0', 'enroll-challenge-1', 'enroll-secret'].entries()) {
    await (await shown(`#${id}-question`)).selectByIndex(i + 1)
    await type(`#${id}-answer`, canary(['Jetta', 'Milo', 'Pine Ridge'][i]))
  }
  await click('button=Enroll')
  await click('[data-testid="enroll-sign-in"]')
  await signIn('nhale', password)
  assert.match(await signedInAs(), /Maple Street Motors/)
  await shot('newcomer-signed-in')
})
