import { CommandFailure, checkScreen, checkScreenBoth, expect, manager, test } from './fixtures'
import { mockPortal, serveHarness, sharedPortal } from './portal'

// The Settings screen on its own page (settings-harness/), signed in as `?as=`.
test.beforeAll(async () => {
  test.setTimeout(120_000)
})

test.beforeEach(async ({ page, app }) => {
  mockPortal(app)
  app.settings.device_mode = 'shared'
  await serveHarness(page)
})

test('an office manager changes the idle minutes and the device mode', async ({ page, app }) => {
  app.signedIn = manager.user_id
  await page.goto('/settings-harness/settings.html?as=office_manager')
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await expect(page.getByTestId('portal-now')).toContainText('on this computer')
  await expect(page.getByTestId('portal-now'), 'no internal words on screen').not.toContainText(/portal|127\.0\.0\.1/)
  await page.getByText('Advanced').click()
  await expect(page.getByTestId('advanced-address'), 'the address lives under Advanced').toHaveText('http://127.0.0.1:41234/')
  await expect(page.getByLabel(/On a shared server/), 'the office manager may move the data').toBeVisible()
  await expect(page.getByTestId('never-stored')).toContainText('Passwords')
  await checkScreen(page, 'settings')

  const minutes = page.getByLabel('Sign out after this many idle minutes')
  await minutes.fill('0')
  await page.getByTestId('idle-save').click()
  await expect(page.getByTestId('idle-minutes-error')).toHaveText('Enter a whole number of minutes from 1 to 120.')
  await minutes.fill('15')
  await page.getByTestId('idle-save').click()
  await expect(page.getByTestId('device-now')).toContainText('signs out after 15 idle minutes')
  expect(app.callsOf('set_idle_minutes')).toEqual([{ minutes: 15 }])
  await expect(page.locator('body'), 'the app hears of the change').toHaveAttribute('data-idle-minutes', '15')

  await page.getByLabel('My own computer').check()
  await page.getByTestId('device-save').click()
  await expect(page.getByTestId('device-now')).toContainText('Now: My own computer.')
  await expect(page.getByRole('heading', { name: 'Idle sign-out' })).toHaveCount(0)
  expect(app.callsOf('set_device_mode')).toEqual([{ mode: 'personal', idleMinutes: null }])
})

test('staff see why only an office manager changes how the computer is used', async ({ page }) => {
  await page.goto('/settings-harness/settings.html?as=staff')
  await expect(page.getByTestId('device-locked')).toContainText(
    'Only an office manager can change this; you are signed in as Staff.',
  )
  await expect(page.getByTestId('idle-locked')).toContainText('Signs out after 5 idle minutes.')
  await expect(page.getByRole('radio', { name: 'My own computer' })).toHaveCount(0)
  await checkScreenBoth(page, 'settings-staff')
})

test('signed out, nobody can re-point the PC or change how it is used', async ({ page, app }) => {
  await page.goto('/settings-harness/settings.html?as=none')
  await expect(page.getByTestId('portal-locked')).toContainText(
    'Every password typed on this computer goes to this place, so only an office manager can change it: sign in as one first.',
  )
  await expect(page.getByTestId('device-locked')).toContainText('sign in as one first')
  await expect(page.getByLabel('Server address'), 'a passer-by must not re-point the PC').toHaveCount(0)
  await expect(page.getByTestId('device-save')).toHaveCount(0)
  await checkScreenBoth(page, 'settings-signed-out')
  expect(app.callsOf('set_portal')).toEqual([])
})

test('an office manager changes the portal to a shared one, checked first', async ({ page, app }) => {
  app.signedIn = manager.user_id
  await page.goto('/settings-harness/settings.html?as=office_manager')
  await page.getByLabel(/On a shared server/).check()
  await page.getByLabel('Server address').fill('https://down.example.com')
  await page.getByRole('button', { name: 'Save and restart' }).click()
  await expect(page.getByTestId('settings-portal-url-error')).toHaveText(/Nothing answered at down\.example\.com/)
  expect(app.callsOf('set_portal')).toEqual([])

  await page.getByLabel('Server address').fill(sharedPortal)
  await page.getByRole('button', { name: 'Check the address' }).click()
  await expect(page.getByTestId('settings-portal-found')).toHaveText('✓ Found Dealer Access at portal.lakeside.example.')
  await checkScreenBoth(page, 'settings-portal-change')
  await page.getByRole('button', { name: 'Save and restart' }).click()
  await expect(page.getByTestId('portal-now')).toContainText('on a shared server, portal.lakeside.example')
  expect(app.callsOf('set_portal')).toEqual([{ url: `${sharedPortal}/` }])

  await page.getByRole('button', { name: 'Close' }).click()
  await expect(page.locator('body')).toHaveAttribute('data-closed', 'true')
})

test('in dark mode too, settings and a refused portal address pass axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto('/settings-harness/settings.html?as=office_manager')
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await checkScreen(page, 'settings-dark')

  await page.getByLabel(/On a shared server/).check()
  await page.getByLabel('Server address').fill('http://portal.lakeside.example')
  await expect(page.getByTestId('settings-portal-url-error')).toHaveText(/Use https:\/\//)
  await checkScreen(page, 'settings-dark-address-error')
})

test('what the administrator pins shows as theirs, even to an office manager, with the policy’s problems', async ({
  page,
  app,
}) => {
  app.signedIn = manager.user_id
  app.pinned = { portal_url: true, device_mode: true, idle_minutes: true, remember_me: true }
  app.policyProblems = ['IdleMinutes is 500: it must be from 1 to 120, so 120 is used.']
  await page.goto('/settings-harness/settings.html?as=office_manager')
  await expect(page.getByTestId('policy-problems')).toContainText('IdleMinutes is 500')
  for (const id of ['portal-pinned', 'device-pinned', 'idle-pinned']) {
    await expect(page.getByTestId(id)).toContainText('Set by your administrator')
  }
  await expect(page.getByLabel('Server address')).toHaveCount(0)
  await expect(page.getByTestId('device-save')).toHaveCount(0)
  await expect(page.getByTestId('idle-save')).toHaveCount(0)
  await checkScreenBoth(page, 'settings-pinned')
})

test('a refused change is said where it was made', async ({ page, app }) => {
  app.signedIn = manager.user_id
  app.on('set_device_mode', () => {
    throw new CommandFailure('set_by_administrator', 'How this computer is used is set by your administrator and cannot be changed here.')
  })
  await page.goto('/settings-harness/settings.html?as=office_manager')
  await page.getByLabel('My own computer').check()
  await page.getByTestId('device-save').click()
  await expect(page.getByRole('alert')).toHaveText('How this computer is used is set by your administrator and cannot be changed here.')
})
