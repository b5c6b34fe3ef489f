import { checkScreen, checkScreenBoth, expect, test } from './fixtures'
import { mockPortal, serveHarness } from './portal'

// Settings → Mail: the office manager of a dealership on its own computer sets up the
// SMTP server its enrollment codes and notices go out through.
test.beforeEach(async ({ page, app }) => {
  mockPortal(app)
  app.settings.device_mode = 'personal'
  await serveHarness(page)
  await page.goto('/settings-harness/settings.html?as=office_manager')
  await expect(page.getByRole('heading', { level: 2, name: 'Mail' })).toBeVisible()
})

test('until mail is set up it waits in the queue; a test mail first, then save, and the queue goes out', async ({ page, app }) => {
  const card = page.getByTestId('mail-card')
  await expect(page.getByTestId('mail-now')).toContainText('not set up')
  await expect(card.getByTestId('mail-2')).toContainText('Enrollment code')
  await expect(card.getByTestId('mail-2')).toContainText('Waiting')
  await expect(card, 'a queued message’s body is never shown').not.toContainText('set your password')

  await card.getByRole('button', { name: 'Send a test mail' }).click()
  await expect(card.getByText('Enter the SMTP server’s name')).toBeVisible()
  await expect(card.getByLabel('SMTP server')).toBeFocused()

  await card.getByLabel('SMTP server').fill('refuse.example.com')
  await card.getByLabel('User name (optional)').fill('mailer@lakeside.example')
  await card.getByLabel('Password', { exact: true }).fill('smtp-app-password')
  await card.getByLabel('Sender address').fill('Lakeside Motors <no-reply@lakeside.example>')
  await card.getByRole('button', { name: 'Send a test mail' }).click()
  await expect(page.getByTestId('mail-error')).toContainText('535 5.7.8 Authentication failed')
  await expect(card.getByLabel('Sender address'), 'nothing typed is lost').toHaveValue('Lakeside Motors <no-reply@lakeside.example>')
  await checkScreenBoth(page, 'settings-mail-refused')

  await card.getByLabel('SMTP server').fill('smtp.lakeside.example')
  await card.getByRole('button', { name: 'Send a test mail' }).click()
  await expect(page.getByTestId('mail-notice')).toContainText('A test mail went to maria.garcia@lakeside.example')
  await card.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('mail-notice')).toContainText('Saved. Waiting mail goes out now')
  await expect(page.getByTestId('mail-now')).toContainText('smtp.lakeside.example')
  await expect(card.getByTestId('mail-2')).toContainText('Sent')
  await expect(card.getByLabel('Password', { exact: true }), 'the password leaves the form once saved').toHaveValue('')
  await expect(card.getByText('Saved in this computer’s keychain')).toBeVisible()
  await checkScreen(page, 'settings-mail')
  expect(app.callsOf('save_mail_settings')).toEqual([
    {
      settings: {
        host: 'smtp.lakeside.example',
        port: 587,
        security: 'starttls',
        user: 'mailer@lakeside.example',
        from: 'Lakeside Motors <no-reply@lakeside.example>',
      },
      password: 'smtp-app-password',
    },
  ])
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  expect(storage, 'the SMTP password is not kept in the window').not.toContain('smtp-app-password')
})

test('staff and provider people do not see mail settings', async ({ page }) => {
  await page.goto('/settings-harness/settings.html?as=staff')
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await expect(page.getByTestId('mail-card')).toHaveCount(0)
})

test('in dark mode too, the mail settings and their queue pass axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.getByTestId('mail-2')).toBeVisible()
  await checkScreen(page, 'settings-mail-dark')
})
