import { CommandFailure, checkScreenBoth, expect, test } from './fixtures'
import { mockPortal, sharedPortal } from './portal'

test.beforeEach(({ app }) => mockPortal(app))

test('first run asks how the computer is used, then which portal; standalone goes straight to sign-in', async ({
  page,
  app,
}) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Welcome to Dealer Access' })).toBeVisible()
  await checkScreenBoth(page, 'first-run')

  await page.getByRole('button', { name: /A shared dealership PC/ }).click()
  await expect(page.getByRole('heading', { name: 'Where does Dealer Access keep your data?' })).toBeFocused()
  await expect(page.getByTestId('chosen-mode')).toHaveText('A shared dealership PC')
  await expect(page.getByLabel(/On this computer/), 'standalone is the default').toBeChecked()
  expect(app.callsOf('complete_first_run'), 'nothing saved before the portal is chosen').toEqual([])

  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('complete_first_run'), 'both choices saved together, once').toEqual([{ mode: 'shared', url: null }])
  expect(app.callsOf('set_portal'), 'first run never goes through the office manager’s command').toEqual([])
  await expect(page.getByText('Shared dealership PC')).toBeVisible()
})

test('a shared portal: the address is validated as typed and checked with the portal before it is saved', async ({
  page,
  app,
}) => {
  await page.goto('/')
  await page.getByRole('button', { name: /My own computer/ }).click()
  await page.getByLabel(/On a shared server/).check()
  const address = page.getByLabel('Server address')
  const error = page.getByTestId('first-run-portal-url-error')

  await address.fill('http://portal.lakeside.example')
  await expect(error).toHaveText('Use https://: a shared server’s address starts with https://.')
  await expect(address).toHaveAttribute('aria-invalid', 'true')
  await address.fill('https://down.example.com')
  await expect(error).toHaveText('')
  await page.getByRole('button', { name: 'Check the address' }).click()
  await expect(error).toHaveText(/Nothing answered at down\.example\.com/)
  await expect(address).toBeFocused()
  await expect(page.getByTestId('portal-banner'), 'another portal being down is not the app’s').toHaveCount(0)

  await address.fill(sharedPortal)
  await page.getByRole('button', { name: 'Check the address' }).click()
  await expect(page.getByTestId('first-run-portal-found')).toHaveText(
    '✓ Found Dealer Access at portal.lakeside.example.',
  )
  await checkScreenBoth(page, 'first-run-portal')

  await page.getByRole('button', { name: 'Continue' }).click()
  // The real app restarts here; the mock answers with the saved settings.
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('complete_first_run')).toEqual([{ mode: 'personal', url: `${sharedPortal}/` }])
  expect(app.callsOf('set_portal')).toEqual([])
})

test('Continue checks an address that was not checked yet, and keeps the error next to the field', async ({
  page,
  app,
}) => {
  await page.goto('/')
  await page.getByRole('button', { name: /A shared dealership PC/ }).click()
  await page.getByLabel(/On a shared server/).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByTestId('first-run-portal-url-error')).toHaveText(/Enter the server’s address/)
  await page.getByLabel('Server address').fill('https://down.example.com')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByTestId('first-run-portal-url-error')).toHaveText(/Nothing answered at/)
  expect(app.callsOf('complete_first_run'), 'nothing saved while the portal is not found').toEqual([])

  await page.getByRole('button', { name: 'Change' }).click()
  await expect(page.getByRole('heading', { name: 'How is this computer used?' })).toBeFocused()
})

test('a shared portal that stops answering before it is saved: nothing is saved, standalone still works', async ({
  page,
  app,
}) => {
  app.on('check_portal_url', (args) => ({ url: `${String(args.url)}/`, version: '0.1.0' }))
  const answer = app.loaded.bind(app)
  app.on('complete_first_run', (args) => {
    if (args.url) throw new CommandFailure('unreachable', `The portal at ${String(args.url)} cannot be reached.`)
    app.settings.device_mode = args.mode as 'shared'
    return answer()
  })
  await page.goto('/')
  await page.getByRole('button', { name: /A shared dealership PC/ }).click()
  await page.getByLabel(/On a shared server/).check()
  await page.getByLabel('Server address').fill(sharedPortal)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByTestId('first-run-portal-url-error')).toHaveText(/Nothing answered at/)
  await expect(page.getByTestId('change-mode'), 'nothing was saved: the mode can still be changed').toBeVisible()

  await page.getByLabel(/On this computer/).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('complete_first_run')).toEqual([
    { mode: 'shared', url: `${sharedPortal}/` },
    { mode: 'shared', url: null },
  ])
})

test('what the administrator pinned is not asked: a pinned device mode skips to the portal', async ({ page, app }) => {
  app.pinned.device_mode = true
  app.on('get_settings', () => ({ ...app.loaded(), settings: { ...app.loaded().settings, device_mode: 'shared' }, first_run: true }))
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Where does Dealer Access keep your data?' })).toBeVisible()
  await expect(page.getByTestId('mode-pinned')).toHaveText('Set by your administrator')
  await expect(page.getByTestId('change-mode')).toHaveCount(0)
  await checkScreenBoth(page, 'first-run-pinned')
})
