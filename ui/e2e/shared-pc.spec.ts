// A shared dealership PC between two people: whatever the last one left half done is gone
// after the idle minutes, on every screen, and the sign-in always says where passwords go.
import { checkScreenBoth, expect, manager, managerQuestions, test } from './fixtures'
import { mockPortal, sharedPortal } from './portal'
import { now } from './requests-data'

test.beforeEach(async ({ page, app }) => {
  mockPortal(app)
  app.settings.device_mode = 'shared'
  await page.clock.install({ time: now })
})

/** The idle minutes (5 by default) and the idle check's next round. */
const idle = 5 * 60_000 + 15_000

test('a password reset left past its questions is cancelled after the idle minutes', async ({ page, app }) => {
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByRole('button', { name: 'Forgot password?' }).click()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel(managerQuestions[0].text).fill(managerQuestions[0].answer)
  await page.getByLabel(managerQuestions[1].text).fill(managerQuestions[1].answer)
  await page.getByRole('button', { name: 'Check answers' }).click()
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()

  await page.clock.runFor(idle)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  await expect(page.getByLabel('User ID'), 'the next person starts with an empty form').toHaveValue('')
  expect(app.callsOf('end_visit'), 'the app drops the reset token it holds').toHaveLength(1)
  expect(app.callsOf('sign_out'), 'nobody was signed in').toEqual([])
})

test('Settings left open and a typed user ID are gone after the idle minutes', async ({ page, app }) => {
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByTestId('open-settings').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()

  await page.clock.runFor(idle)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  await expect(page.getByLabel('User ID')).toHaveValue('')
  expect(app.callsOf('end_visit')).toHaveLength(1)
})

test('someone still typing is not interrupted', async ({ page, app }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Not registered?' }).or(page.getByTestId('register')).click()
  for (let minute = 0; minute < 7; minute += 1) {
    await page.clock.runFor(60_000)
    await page.mouse.move(10 + minute, 10)
  }
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toHaveCount(0)
  expect(app.callsOf('end_visit')).toEqual([])
})

test('a personal computer keeps what is on screen', async ({ page, app }) => {
  app.settings.device_mode = 'personal'
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.clock.runFor(idle * 3)
  await expect(page.getByLabel('User ID')).toHaveValue(manager.user_id)
  expect(app.callsOf('end_visit')).toEqual([])
})

test('the sign-in says where the passwords go, and offers to remember only where allowed', async ({ page, app }) => {
  app.settings.device_mode = 'personal'
  app.settings.portal_url = `${sharedPortal}/` as never
  await page.goto('/')
  await expect(page.getByTestId('sign-in-server')).toHaveText('Your dealership’s data: on portal.lakeside.example')
  await expect(page.getByLabel('Keep me signed in on this computer')).toBeVisible()

  app.rememberMe = false
  app.pinned.remember_me = true
  await page.reload()
  await expect(page.getByTestId('sign-in-server')).toBeVisible()
  await expect(page.getByLabel('Keep me signed in on this computer'), 'the administrator said no').toHaveCount(0)
  await checkScreenBoth(page, 'sign-in-remember-off')
})
