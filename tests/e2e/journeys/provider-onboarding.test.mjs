// (j) A provider brings a dealership on, end to end in the real app window against a
// shared portal (the dealer-portal binary on loopback, its mail to a local SMTP server):
// the first provider admin, made on the command line, enrolls from the invitation mail;
// creates dealership 40404 and invites its office manager; she enrolls from her mail and
// files a new user; a reviewer approves and completes it; the new person enrolls from the
// enrollment mail and signs in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { browser, canary, click, launch, quit, shot, shown, signIn, signOut, signedInAs, textMatches, type } from '../lib/app.mjs'
import { noPortal as skip, portalBin as bin, seedDemo, startPortal, useSharedPortal } from '../lib/shared-portal.mjs'
import { startSmtp } from '../lib/smtp.mjs'

let dir
let server
let smtp
let accounts

/** The single-use code in the mail to `address`. */
async function codeFor(address) {
  const mail = await smtp.next(address)
  const code = /\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b/.exec(mail.raw)?.[1]
  assert.ok(code, `a code in the mail to ${address}`)
  return canary(code)
}

/** "I have an enrollment code" from the sign-in screen, through to signed in. */
async function enroll(userId, code, password) {
  canary(password)
  await click('[data-testid="enroll"]')
  await type('#enroll-user-id', userId)
  await type('#enroll-code', code)
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
  await signIn(userId, password)
}

before(async () => {
  if (skip) return
  smtp = await startSmtp()
  dir = mkdtempSync(join(tmpdir(), 'dealer-provider-portal-'))
  const database = `sqlite:${dir}/portal.sqlite`
  accounts = seedDemo(database)
  execFileSync(bin, [
    'create-staff-user', '--database-url', database, '--role', 'provider_admin', '--user-id', 'ada.admin',
    '--first-name', 'Ada', '--last-name', 'Byron', '--email', 'ada@provider.example',
  ])
  let url
  ;({ server, url } = await startPortal(database, { args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`] }))
  // This PC uses the provider's portal from its first start (as "A shared portal" on first
  // run would set it).
  useSharedPortal(url)
  await launch('j')
})

after(async () => {
  await quit().catch(() => {})
  server?.kill()
  await smtp?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('the first provider admin, made on the command line, enrolls from the invitation mail', { skip }, async () => {
  await shown('#user-id')
  await enroll('ada.admin', await codeFor('ada@provider.example'), 'granite harbor willow lantern')
  assert.match(await signedInAs(), /Provider admin/)
  await textMatches('[data-testid="page-title"]', /Dealerships/)
  await shot('dealerships')
})

test('the admin creates dealership 40404 and invites its office manager', { skip }, async () => {
  await click('[data-testid="new-dealership"]')
  await type('#create-pdn', '40404')
  await type('#create-name', 'Riverside Motors')
  await click('button=Create dealership')
  await textMatches('[data-testid="page-title"]', /Riverside Motors/)
  await type('#invite-manager-first', 'Rita')
  await type('#invite-manager-last', 'Vance')
  await type('#invite-manager-email', 'rita@riverside.example')
  await type('#invite-manager-user-id', 'rvance')
  await click('button=Send invitation')
  await textMatches('[data-testid="invite-manager-sent"]', /Invitation sent to rita@riverside\.example/)
  await shot('invited')
  await signOut()
})

test('the office manager enrolls from her mail and files a new user', { skip }, async () => {
  await enroll('rvance', await codeFor('rita@riverside.example'), 'plum lantern gravel sonnet')
  assert.match(await signedInAs(), /Riverside Motors/)
  await click('[data-testid="new-request"]')
  await click('#rf-kind-new_user')
  await type('#rf-first-name', 'Noel')
  await type('#rf-last-name', 'Hart')
  await type('#rf-email', 'noel@riverside.example')
  await type('#rf-business-phone', '(555) 404-1000')
  await (await shown('#rf-role')).selectByAttribute('value', 'salesperson')
  await type('#rf-user-id', 'nhart')
  await click('label*=SmartCash')
  await click('button=Review request')
  await click('button=Submit request')
  await textMatches('[data-testid="request-notice"]', /submitted/i, 15000)
  await shot('filed')
  await signOut()
})

test('a reviewer approves and completes it', { skip }, async () => {
  const sam = accounts.find((a) => a.user_id === 'reviewer.sam')
  canary(sam.password)
  await signIn('reviewer.sam', sam.password)
  await shown('[data-testid^="request-row-"]', 15000)
  let row = null
  for (const candidate of await browser.$$('[data-testid^="request-row-"]')) {
    if (/nhart/.test(await candidate.getText())) row = candidate
  }
  assert.ok(row, 'the new request is in the queue')
  await (await row.$('button')).click()
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
  await signOut()
})

test('the new person enrolls from the enrollment mail and signs in', { skip }, async () => {
  await enroll('nhart', await codeFor('noel@riverside.example'), 'copper meadow violin ember')
  assert.match(await signedInAs(), /Riverside Motors/)
  await shot('new-person')
})
