import { checkScreen, expect, helpDesk, manager, managerPassword, test } from './fixtures'

test.beforeEach(({ app }) => {
  app.settings.device_mode = 'personal'
})

test('the sign-in screen with the help-desk card', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  const card = page.getByRole('region', { name: 'Need help?' })
  await expect(card.getByRole('link', { name: helpDesk.phone })).toHaveAttribute('href', `tel:${helpDesk.phone}`)
  await expect(card.getByTestId('help-desk-status')).toHaveText(helpDesk.status_text)
  await checkScreen(page, 'sign-in')
})

test('warns while Caps Lock is on, tied to the password field', async ({ page }) => {
  await page.goto('/')
  const password = page.getByLabel('Password', { exact: true })
  await password.click()
  // Headless Chromium cannot toggle the real Caps Lock: send the key event an engine sends
  // while it is on.
  await password.dispatchEvent('keydown', { key: 'a', modifierCapsLock: true })
  const warning = page.getByText('Caps Lock is on: passwords are case sensitive.')
  await expect(warning).toBeVisible()
  await expect(password).toHaveAccessibleDescription(/Caps Lock is on/)
  await checkScreen(page, 'sign-in-caps-lock')
  await page.keyboard.type('d')
  await expect(warning).toBeHidden()
})

test('a wrong password keeps the user ID, clears the password and says why', async ({ page, app }) => {
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill('not the password at all')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const error = page.getByTestId('sign-in-error')
  await expect(error).toHaveAttribute('data-code', 'invalid_credentials')
  await expect(error).toContainText('help desk', { ignoreCase: true })
  await expect(page.getByLabel('User ID')).toHaveValue(manager.user_id)
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
  expect(app.callsOf('sign_in')).toEqual([{ userId: manager.user_id, password: 'not the password at all', remember: false }])
  await checkScreen(page, 'sign-in-wrong-password')
})

test('the password can be shown and hidden again', async ({ page }) => {
  await page.goto('/')
  const password = page.getByLabel('Password', { exact: true })
  await password.fill(managerPassword)
  await expect(password).toHaveAttribute('type', 'password')
  await page.getByRole('button', { name: 'Show password' }).click()
  await expect(password).toHaveAttribute('type', 'text')
  await page.getByRole('button', { name: 'Hide password' }).click()
  await expect(password).toHaveAttribute('type', 'password')
})

test('nothing secret is left in web storage after signing in', async ({ page }) => {
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByLabel('Keep me signed in on this computer').check()
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('signed-in-as')).toContainText(manager.user_id)
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  expect(storage).not.toContain(managerPassword)
})

test('in dark mode too, the sign-in screen passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('password-error')).toHaveText('Enter your password.')
  await checkScreen(page, 'sign-in-dark')
})
