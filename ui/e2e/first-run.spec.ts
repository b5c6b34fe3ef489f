import { checkScreen, expect, test } from './fixtures'

test('first run asks how the computer is used, then shows the sign-in screen', async ({ page, app }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Welcome to Dealer Access' })).toBeVisible()
  await checkScreen(page, 'first-run')

  await page.getByRole('button', { name: /A shared dealership PC/ }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('set_device_mode')).toEqual([{ mode: 'shared', idleMinutes: null }])
  await expect(page.getByText('Shared dealership PC')).toBeVisible()
})
