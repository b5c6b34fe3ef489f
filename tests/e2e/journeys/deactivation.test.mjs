// (d) A leaver: the office manager files a deactivation for a staff member who is signed
// in on another device; their session ends the moment it is submitted (not after review),
// the portal refuses them, the staff list says so, and the app refuses their sign-in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  browser,
  click,
  firstRun,
  launch,
  loadDemo,
  portalApi,
  portalUrl,
  quit,
  shot,
  shown,
  signIn,
  signOut,
  textMatches,
  type,
} from '../lib/app.mjs'

const leaver = 'jchen'
let demo
let portal
let token

before(async () => {
  await launch('d')
  await firstRun('personal')
  demo = await loadDemo()
  portal = await portalUrl()
})
after(quit)

test('the built-in portal answers only the app: another process without its key gets 401', async () => {
  const tries = []
  for (let i = 0; i < 6; i++) {
    tries.push(
      await portalApi(portal, 'POST', 'sessions', {
        body: { user_id: leaver, password: `a guess from another process ${i}` },
        appKey: null,
      }),
    )
  }
  for (const attempt of tries) {
    assert.equal(attempt.status, 401, JSON.stringify(attempt.body))
    assert.equal(attempt.body.code, 'unauthenticated')
  }
  const health = await portalApi(portal, 'GET', 'health', { appKey: null })
  assert.equal(health.status, 401, 'not even health')
})

test('the staff member is signed in on another device', async () => {
  const signedIn = await portalApi(portal, 'POST', 'sessions', {
    body: { user_id: leaver, password: demo[leaver].password },
  })
  assert.equal(signedIn.status, 201, JSON.stringify(signedIn.body))
  token = signedIn.body.token
  const me = await portalApi(portal, 'GET', 'me', { token })
  assert.equal(me.status, 200)
  assert.equal(me.body.user_id, leaver)
})

test("the office manager deactivates the leaver from the staff row menu, warned that access ends at once", async () => {
  await signIn('mgarcia', demo.mgarcia.password)
  await textMatches(`[data-testid="staff-${leaver}"]`, /Active/)
  await shot('staff')

  // The person's row carries the action; the form opens filled for them, no user ID typed.
  await click(`[data-testid="actions-${leaver}"]`)
  const items = await browser.$$('[role="menuitem"]')
  let chosen = false
  for (const item of items) {
    if ((await item.getText()).trim() === 'Deactivate') {
      await item.click()
      chosen = true
      break
    }
  }
  assert.ok(chosen, 'the row menu offers Deactivate')
  assert.ok(await (await browser.$('#rf-kind-deactivation')).isSelected(), 'deactivation is chosen')
  assert.equal(await (await browser.$('#rf-user-id')).getValue(), leaver, 'filled from the row')
  await shown('[data-testid="deactivation-warning"]')
  await type('#rf-reason', 'Left the dealership on November 27.')
  await shot('form')
  await click('button=Review request')
  await shown('#rf-review-title')
  await shot('review')
  await click('button=Submit and end access now')
  await textMatches('[data-testid="request-notice"]', /submitted/)
  await textMatches('[data-testid="page-title"]', new RegExp(`Deactivation for ${leaver}`))
  await shot('submitted')
})

test("the leaver's session is refused at once, and so is a new sign-in", async () => {
  const me = await portalApi(portal, 'GET', 'me', { token })
  assert.equal(me.status, 401, `the session ended on submit: ${JSON.stringify(me.body)}`)
  const again = await portalApi(portal, 'POST', 'sessions', {
    body: { user_id: leaver, password: demo[leaver].password },
  })
  assert.equal(again.status >= 400, true, 'sign-in refused')
  assert.equal(again.body.code, 'deactivated', JSON.stringify(again.body))
})

test('the staff list and the audit log show the leaver deactivated, and the app refuses their sign-in', async () => {
  await click('[data-testid="nav-staff"]')
  await textMatches(`[data-testid="staff-${leaver}"]`, /Deactivated/)
  await shot('staff-deactivated')
  // The dealership's audit log records the deactivation, newest first.
  await click('[data-testid="nav-audit"]')
  await textMatches('[data-testid="page-title"]', /Audit log/)
  await browser.waitUntil(
    async () => {
      const rows = await browser.$$('[data-testid^="audit-row-"]')
      for (const row of rows) if ((await row.getText()).includes(leaver)) return true
      return false
    },
    { timeout: 10000, timeoutMsg: `no audit entry names ${leaver}` },
  )
  await shot('audit-log')
  await click('[data-testid="nav-staff"]')
  await shown(`[data-testid="staff-${leaver}"]`)
  await signOut()
  const error = await signIn(leaver, demo[leaver].password, { expect: 'error' })
  assert.equal(await error.getAttribute('data-code'), 'deactivated')
  assert.match(await error.getText(), /deactivated/)
  await shot('leaver-refused')
})
