// My account in the real window on the built-in portal: a staff member changes their
// password (the current one first) and their security questions from My account, signs
// out, forgets the password, and resets it with the new answers; the new password signs in.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  browser,
  click,
  firstRun,
  fromUserMenu,
  launch,
  loadDemo,
  quit,
  shot,
  shown,
  signIn,
  signOut,
  textMatches,
  type,
} from '../lib/app.mjs'

const staff = 'jchen'
const changed = 'Lantern-Orchid-Basalt-2261'
const afterReset = 'Copper-Wharf-Juniper-8830'
/** The answers chosen here, by question text. */
const answers = new Map()
let demo

before(async () => {
  await launch('m')
  await firstRun('personal')
  demo = await loadDemo()
})
after(quit)

const card = (title) => `[aria-labelledby="${title}-title"]`

test('from My account: a new password with the current one', async () => {
  await signIn(staff, demo[staff].password)
  await fromUserMenu('open-account')
  await textMatches('main h1', /My account/)
  await click('[data-testid="password-begin"]')
  await type('#account-current-password', demo[staff].password)
  await type('#account-change-new-password', changed)
  await type('#account-change-confirm', changed)
  await shot('password')
  await click(`${card('account-password')} button[type="submit"]`)
  await textMatches('[data-testid="password-changed"]', /Password changed/, 15000)
})

test('from My account: three new questions with their answers', async () => {
  await click('[data-testid="questions-begin"]')
  const slots = ['account-challenge-0', 'account-challenge-1', 'account-secret']
  for (const [i, slot] of slots.entries()) {
    const select = await shown(`#${slot}-question`)
    // Three different questions: the 2nd, 4th and 6th of the catalogue.
    await select.selectByIndex(2 + 2 * i)
    const asked = await (await browser.$(`#${slot}-question option:checked`)).getText()
    const answer = ['Riverside Elementary', 'Marigold', 'Copperhead'][i]
    answers.set(asked, answer)
    await type(`#${slot}-answer`, answer)
  }
  await type('#questions-current-password', changed)
  await shot('questions')
  await click(`${card('account-questions')} button[type="submit"]`)
  await textMatches('[data-testid="questions-changed"]', /Questions changed/, 15000)
  await shot('changed')
})

test('signed out, the password is reset with the new answers; the new password signs in', async () => {
  await signOut()
  await type('#user-id', staff)
  await click('[data-testid="forgot-password"]')
  await shown('[data-testid="reset-step"][data-step="user-id"]')
  await click('main.forgot button[type="submit"]')
  await shown('[data-testid="reset-step"][data-step="answers"]')
  for (const i of [1, 2]) {
    const label = await (await browser.$(`label[for="reset-answer-${i}"]`)).getText()
    assert.ok(answers.has(label), `question ${i} (${label}) is one chosen in My account`)
    await type(`#reset-answer-${i}`, answers.get(label))
  }
  await click('main.forgot button[type="submit"]')
  await shown('[data-testid="reset-step"][data-step="password"]', 15000)
  await type('#new-password', afterReset)
  await type('#confirm-password', afterReset)
  await click('main.forgot button[type="submit"]')
  await shown('[data-testid="reset-step"][data-step="done"]', 15000)
  await shot('reset-done')
  await click('[data-testid="reset-back-to-sign-in"]')
  await shown('#user-id')
  await signIn(staff, afterReset)
})
