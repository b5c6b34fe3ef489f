import { CommandFailure, checkScreen, expect, helpDesk, test } from './fixtures'
import { mockPortal, serveHarness, sharedPortal } from './portal'

// The whole app with the banner above it (settings-harness/app.html), on a shared portal.
test.beforeEach(async ({ page, app }) => {
  mockPortal(app)
  app.settings.device_mode = 'shared'
  app.settings.portal_url = `${sharedPortal}/`
  await serveHarness(page)
})

test('a command that cannot reach the portal raises the banner; Retry lowers it when the portal answers', async ({
  page,
  app,
}) => {
  let down = true
  const unreachable = new CommandFailure(
    'unreachable',
    `The portal at ${sharedPortal}/ cannot be reached. Check the network connection and try again.`,
  )
  app.on('help_desk_info', () => {
    if (down) throw unreachable
    return helpDesk
  })
  await page.goto('/settings-harness/app.html')
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  const banner = page.getByTestId('portal-banner')
  await expect(banner).toContainText('portal.lakeside.example is not answering.')
  await expect(banner).toHaveAttribute('role', 'alert')
  await checkScreen(page, 'portal-unreachable')

  await page.getByTestId('portal-retry').click()
  await expect(page.getByTestId('portal-still-down')).toHaveText('Still no answer.')
  await expect(banner).toBeVisible()

  down = false
  await page.getByTestId('portal-retry').click()
  await expect(banner).toHaveCount(0)
})

test('a timeout raises it too, and only one banner shows', async ({ page, app }) => {
  app.on('help_desk_info', () => {
    throw new CommandFailure('timeout', 'The portal did not answer in time. Try again in a moment.')
  })
  await page.goto('/settings-harness/app.html')
  await expect(page.getByTestId('portal-banner')).toHaveCount(1)
  await expect(page.getByTestId('portal-banner')).toContainText('It did not answer in time.')
  await expect(page.getByTestId('portal-banner')).toHaveAttribute('data-code', 'timeout')
})

test('in dark mode too, the banner passes axe', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  app.on('help_desk_info', () => {
    throw new CommandFailure('unreachable', `The portal at ${sharedPortal}/ cannot be reached.`)
  })
  await page.goto('/settings-harness/app.html')
  await expect(page.getByTestId('portal-banner')).toBeVisible()
  await checkScreen(page, 'portal-unreachable-dark')
})
