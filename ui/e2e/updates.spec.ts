// "Update available": the office manager is shown the update the app found on its portal,
// with its notes, and chooses when to install it; a download that does not verify changes
// nothing and says so; staff are never asked.
import type { Me } from '../src/bindings/Me'
import type { UpdateStatus } from '../src/bindings/app/UpdateStatus'
import { CommandFailure, checkScreenBoth, expect, manager, test } from './fixtures'
import { openSignedIn } from './requests-data'

const found: UpdateStatus = {
  off: null,
  available: {
    version: '0.2.0',
    current_version: '0.1.0',
    notes: 'Lists open faster.\nAccess reviews can be printed.',
    date: '2026-12-01T12:00:00Z',
  },
  checked_at: '2026-12-01T13:00:00Z',
  problem: null,
}

test('an office manager sees the update with its notes and installs it when she chooses', async ({ page, app }) => {
  app.on('update_status', () => found)
  app.on('install_update', () => null)
  await openSignedIn(page, app, manager)
  const banner = page.getByTestId('update-available')
  await expect(banner.getByRole('heading', { name: 'Update available: Dealer Access 0.2.0' })).toBeVisible()
  await expect(banner).toContainText('This computer has 0.1.0.')
  await expect(banner).toContainText('Access reviews can be printed.')
  await checkScreenBoth(page, 'update-available')

  await banner.getByTestId('install-update').click()
  const dialog = page.getByRole('dialog', { name: 'Install Dealer Access 0.2.0?' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Not now' })).toBeFocused()
  await checkScreenBoth(page, 'update-install-confirm')
  expect(app.callsOf('install_update'), 'nothing is installed before she confirms').toEqual([])
  await dialog.getByTestId('confirm-install').click()
  await expect.poll(() => app.callsOf('install_update').length).toBe(1)
})

test('"Later" puts the update away until the app finds it again', async ({ page, app }) => {
  let status: UpdateStatus = { ...found, available: null }
  app.on('update_status', () => status)
  await openSignedIn(page, app, manager)
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible()
  await expect(page.getByTestId('update-available')).toHaveCount(0)

  status = found
  await page.evaluate(() => window.__e2eEmit('update-available'))
  await expect(page.getByTestId('update-available')).toBeVisible()
  await page.getByRole('button', { name: 'Later' }).click()
  await expect(page.getByTestId('update-available')).toHaveCount(0)
  await page.evaluate(() => window.__e2eEmit('update-available'))
  await expect(page.getByTestId('update-available')).toBeVisible()
})

test('a download that does not match its signature is refused, says so, and is not offered again', async ({ page, app }) => {
  let status = found
  const refusal =
    'The update 0.2.0 did not match its signature, so it was not installed. Nothing was changed; tell your provider’s help desk.'
  app.on('update_status', () => status)
  app.on('install_update', () => {
    status = { ...found, available: null, problem: refusal }
    throw new CommandFailure('protocol', refusal)
  })
  await openSignedIn(page, app, manager)
  await page.getByTestId('install-update').click()
  await page.getByTestId('confirm-install').click()
  await expect(page.getByTestId('update-error')).toHaveText(refusal)
  await expect(page.getByTestId('update-available')).toHaveCount(0)
})

test('staff are never asked about updates', async ({ page, app }) => {
  app.on('update_status', () => found)
  const staff: Me = { ...manager, user_id: 'jchen', first_name: 'James', last_name: 'Chen', role: 'staff' }
  await openSignedIn(page, app, staff)
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeVisible()
  await expect(page.getByTestId('update-available')).toHaveCount(0)
  expect(app.callsOf('update_status')).toEqual([])
})
