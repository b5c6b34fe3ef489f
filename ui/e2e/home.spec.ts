import { checkScreen, expect, manager, managerPassword, test } from './fixtures'

test('signed in: who, which role and dealership; sign out returns to sign-in', async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  await page.clock.setFixedTime(new Date('2026-11-29T15:00:00Z'))
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Hello, Maria' })).toBeVisible()
  const who = page.getByTestId('signed-in-as')
  await expect(who).toContainText('mgarcia')
  await expect(who).toContainText('Office manager')
  await expect(who).toContainText('Lakeside Motors (PDN 01234)')
  const account = page.getByRole('region', { name: 'Your account' })
  await expect(account.getByText('Active', { exact: true })).toBeVisible()
  await expect(account.getByTestId('deactivates')).toHaveText(
    'Without a sign-in, this user ID becomes inactive on Jan 27, 2027 (59 days from now).',
  )
  await checkScreen(page, 'home')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('sign_out')).toHaveLength(1)
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')
})

test('a shared PC: "Switch user" ends the session in one click and leaves an empty sign-in form', async ({
  page,
  app,
}) => {
  app.settings.device_mode = 'shared'
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Hello, Maria' })).toBeVisible()
  await page.getByRole('button', { name: 'Switch user' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('sign_out'), 'the session ends on the portal and in the app').toHaveLength(1)
  await expect(page.getByLabel('User ID'), 'nothing of the last person is left').toHaveValue('')
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')
})

test('a personal computer has no "Switch user": one person uses it', async ({ page, app }) => {
  app.settings.device_mode = 'personal'
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Hello, Maria' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Switch user' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
})

test('a new screen opens at its top, not where the last one was scrolled to', async ({ page, app }) => {
  app.settings.device_mode = 'personal'
  await page.setViewportSize({ width: 900, height: 500 })
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.mouse.wheel(0, 2000)
  await expect.poll(() => page.evaluate(() => window.scrollY), 'the sign-in screen was scrolled').toBeGreaterThan(0)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Hello, Maria' })).toBeVisible()
  await expect.poll(() => page.evaluate(() => window.scrollY), 'the dashboard opens at its top').toBe(0)
  await page.mouse.wheel(0, 3000)
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
  await page.getByRole('button', { name: 'Audit log' }).click()
  await expect.poll(() => page.evaluate(() => window.scrollY), 'the audit log opens at its top').toBe(0)
})
