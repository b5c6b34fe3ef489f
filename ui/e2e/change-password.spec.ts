import { mockForcedChange, temporaryPassword, unlocked } from './accounts'
import { CommandFailure, checkScreenBoth, expect, test } from './fixtures'

const lockedFailure = new CommandFailure(
  'locked',
  'The current password was not right 5 times, so online access is now locked and you are signed out. Only the help desk can unlock it: call the Dealer Services Help Desk at 1-800-555-0142 (open now until 8 pm ET).',
)

const newPassword = 'granite pelican sunrise novel'

test.beforeEach(async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  mockForcedChange(app)
  await page.goto('/')
  await page.getByLabel('User ID').fill(unlocked.user_id)
  await page.getByLabel('Password', { exact: true }).fill(temporaryPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
})

test('a temporary password is changed before anything else, then home', async ({ page, app }) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeFocused()
  await expect(page.getByText('with a temporary password from the help desk')).toBeVisible()
  await page.getByLabel('Temporary password', { exact: true }).fill(temporaryPassword)
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password again', { exact: true }).fill(newPassword)
  await checkScreenBoth(page, 'change-password')
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible()
  expect(app.callsOf('change_password')).toEqual([{ currentPassword: temporaryPassword, newPassword }])
  expect(app.callsOf('current_user').length, 'the signed-in user is read again').toBeGreaterThan(0)
})

test('a wrong temporary password, a weak or unchanged new one: each on its field, focused', async ({ page }) => {
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByLabel('Temporary password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('current-password-error')).toHaveText('Enter the temporary password the help desk gave you.')

  await page.getByLabel('Temporary password', { exact: true }).fill('not it at all')
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password again', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByLabel('Temporary password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('current-password-error')).toContainText('The current password is not right')
  await checkScreenBoth(page, 'change-password-wrong')

  await page.getByLabel('Temporary password', { exact: true }).fill(temporaryPassword)
  await page.getByLabel('New password', { exact: true }).fill('tiny pass')
  await page.getByLabel('New password again', { exact: true }).fill('tiny pass')
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByLabel('New password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('change-new-password-error')).toContainText('too short')
  await expect(page.getByTestId('password-strength')).toContainText('Refused')
})

test('a locked account ends here: back to sign in', async ({ page, app }) => {
  app.on('change_password', () => {
    throw lockedFailure
  })
  await page.getByLabel('Temporary password', { exact: true }).fill('wrong again')
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password again', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByTestId('change-password-error')).toHaveAttribute('data-code', 'locked')
  await expect(page.getByTestId('change-password-error')).toBeFocused()
  await page.getByRole('button', { name: 'Back to sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
})
