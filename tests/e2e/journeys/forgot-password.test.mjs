// (c) Forgot password: a staff member answers their two challenge questions (typed as a
// person types them), chooses a new password, and signs in with it; the old password no
// longer works, and a session they had elsewhere has ended.
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
  textMatches,
  type,
} from '../lib/app.mjs'

const staff = 'jchen'
const newPassword = 'Copper-Meadow-Thistle-4417'
let demo
let portal
let elsewhere

before(async () => {
  await launch('c')
  await firstRun('personal')
  demo = await loadDemo()
  // A session on another device (straight on the portal's API), to see it end.
  portal = await portalUrl()
  const signedIn = await portalApi(portal, 'POST', 'sessions', {
    body: { user_id: staff, password: demo[staff].password },
  })
  assert.equal(signedIn.status, 201, JSON.stringify(signedIn.body))
  elsewhere = signedIn.body.token
})
after(quit)

async function step(name) {
  await shown(`[data-testid="reset-step"][data-step="${name}"]`)
}

test('forgot password asks the two challenge questions of the user ID typed', async () => {
  await type('#user-id', staff)
  await click('[data-testid="forgot-password"]')
  await step('user-id')
  assert.equal(await (await browser.$('#reset-user-id')).getValue(), staff, 'the user ID typed is carried over')
  await shot('user-id')
  await click('main.forgot button[type="submit"]')
  await step('answers')

  const challenges = demo[staff].answers.filter((a) => a.kind === 'challenge')
  for (const i of [1, 2]) {
    const label = await (await browser.$(`label[for="reset-answer-${i}"]`)).getText()
    const known = challenges.find((c) => c.question === label)
    assert.ok(known, `question ${i} (${label}) is one of ${staff}'s challenge questions`)
    // Capital letters and extra spaces do not matter.
    await type(`#reset-answer-${i}`, ` ${known.answer.toUpperCase()}  `)
  }
  await shot('answers')
  await click('main.forgot button[type="submit"]')
  await step('password')
})

test('a new password is set, and every session the user had ends', async () => {
  await type('#new-password', newPassword)
  await type('#confirm-password', newPassword)
  await shot('new-password')
  await click('main.forgot button[type="submit"]')
  await step('done')
  await textMatches('#reset-done', /every session it had has ended/)
  await shot('done')

  const me = await portalApi(portal, 'GET', 'me', { token: elsewhere })
  assert.equal(me.status, 401, 'the session on the other device was ended by the reset')
})

test('the old password is refused and the new one signs in', async () => {
  await click('[data-testid="reset-back-to-sign-in"]')
  assert.equal(await (await shown('#user-id')).getValue(), staff, 'back on sign-in with the user ID filled in')
  const error = await signIn(staff, demo[staff].password, { expect: 'error' })
  assert.equal(await error.getAttribute('data-code'), 'invalid_credentials')
  await signIn(staff, newPassword)
  await shot('signed-in')
})
