// The frame of the signed-in side: who is signed in (the user menu), sign-out and
// "Switch user", My account, and pages that open at their top.
import { checkScreen, checkScreenBoth, expect, manager, managerPassword, navigate, openUserMenu, signOut, test } from './fixtures'

test('the user menu: who, which role and dealership; My account; sign out returns to sign-in', async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  await page.clock.setFixedTime(new Date('2026-11-29T15:00:00Z'))
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 }), 'the page title is the one main heading').toBeFocused()
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
  await expect(page.getByText(/Hello/)).toHaveCount(0)

  const menu = page.getByTestId('user-menu')
  await expect(menu).toContainText('Maria Garcia')
  await expect(menu).toHaveAttribute('aria-expanded', 'false')
  const panel = await openUserMenu(page)
  await expect(menu).toHaveAttribute('aria-expanded', 'true')
  const who = panel.getByTestId('signed-in-as')
  await expect(who).toContainText('mgarcia')
  await expect(who).toContainText('Office manager')
  await expect(who).toContainText('Lakeside Motors · PDN 01234')
  await expect(panel.getByRole('button')).toHaveText(['My account', 'Settings', 'Switch user', 'Sign out'])
  await expect(panel.getByRole('button', { name: 'My account' }), 'focus moves into the menu').toBeFocused()
  await checkScreenBoth(page, 'user-menu')
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(menu, 'Escape returns to the menu button').toBeFocused()

  await openUserMenu(page)
  await panel.getByRole('button', { name: 'My account' }).click()
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeFocused()
  const status = page.getByRole('region', { name: 'Status' })
  await expect(status.getByText('Active', { exact: true })).toBeVisible()
  await expect(status.getByTestId('deactivates')).toHaveText(
    'Without a sign-in, this user ID becomes inactive on Jan 27, 2027 (59 days from now).',
  )
  await expect(status).toContainText('yesterday, 9:02 am')
  const details = page.getByRole('region', { name: 'Sign-in details' })
  await expect(details.getByTestId('account-user-id')).toHaveText('mgarcia')
  await expect(details).toContainText('Lakeside Motors (PDN 01234)')
  await expect(details.getByTestId('account-device')).toContainText('A shared dealership PC')
  await expect(page.getByRole('button', { name: /^Change/ })).toHaveText([
    'Change email',
    'Change phone',
    'Change password',
    'Change questions',
  ])
  await checkScreen(page, 'my-account')

  await signOut(page)
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
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible()
  const panel = await openUserMenu(page)
  await panel.getByRole('button', { name: 'Switch user' }).click()
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
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible()
  const panel = await openUserMenu(page)
  await expect(panel.getByRole('button', { name: 'Switch user' })).toHaveCount(0)
  await expect(panel.getByRole('button', { name: 'Sign out' })).toBeVisible()
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
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible()
  await expect.poll(() => page.evaluate(() => window.scrollY), 'the Staff page opens at its top').toBe(0)
  await page.mouse.wheel(0, 3000)
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
  await navigate(page, 'Audit log')
  await expect.poll(() => page.evaluate(() => window.scrollY), 'the audit log opens at its top').toBe(0)
})
