// The frame by role: each role's navigation (exactly its items, the current one marked),
// where each lands, and Help one click away on every screen, signed in or not.
import type { Me } from '../src/bindings/Me'
import { CommandFailure, checkScreen, checkScreenBoth, expect, helpDesk, manager, navigate, signOut, test } from './fixtures'
import { openSignedIn, reviewer } from './requests-data'
import { helpDeskUser } from './accounts'

const staffUser: Me = {
  ...manager,
  user_id: 'jchen',
  first_name: 'James',
  last_name: 'Chen',
  email: 'james.chen@lakeside.example',
  role: 'staff',
  last_sign_in_at: '2026-11-20T13:15:00Z',
  deactivates_at: '2027-01-19T13:15:00Z',
}

const nav = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'Main' })

test('an office manager: Staff, Requests, Import, Audit log; the current one marked', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await expect(nav(page).getByRole('link')).toHaveText(['Staff', 'Requests', 'Import', 'Audit log'])
  await expect(nav(page).getByRole('link', { name: 'Staff' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeFocused()

  // Keyboard only: Tab reaches the navigation, Enter opens the area.
  await nav(page).getByRole('link', { name: 'Requests' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeFocused()
  await expect(nav(page).getByRole('link', { name: 'Requests' })).toHaveAttribute('aria-current', 'page')
  await expect(nav(page).locator('[aria-current]')).toHaveCount(1)

  await navigate(page, 'Import')
  await checkScreen(page, 'import')
  await navigate(page, 'Staff')
  await expect(nav(page).getByRole('link', { name: 'Staff' })).toHaveAttribute('aria-current', 'page')
})

test('staff see My account only, and nothing of the office manager’s', async ({ page, app }) => {
  await openSignedIn(page, app, staffUser)
  await expect(nav(page).getByRole('link')).toHaveText(['My account'])
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeFocused()
  await expect(page.getByTestId('account-user-id')).toHaveText('jchen')
  await expect(page.getByRole('button', { name: 'New User ID Request' })).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Staff', exact: true })).toHaveCount(0)
  expect(app.callsOf('dealer_users')).toEqual([])
  await checkScreenBoth(page, 'my-account-staff')
})

test('a reviewer: Queue, Requests and Access reviews, landing on the queue', async ({ page, app }) => {
  await openSignedIn(page, app, reviewer)
  await expect(nav(page).getByRole('link')).toHaveText(['Queue', 'Requests', 'Access reviews'])
  await expect(page.getByRole('region', { name: 'Review queue' })).toBeVisible()
  expect(app.callsOf('dealer_requests')).toEqual([])
  await navigate(page, 'Requests')
  await page.getByLabel('State').selectOption('completed')
  await expect(page.getByRole('region', { name: 'Requests' }).getByTestId('request-row-1039')).toBeVisible()
  expect(app.callsOf('review_queue').at(-1)).toEqual({ filter: { state: 'completed', limit: 25 } })
  expect(app.callsOf('dealer_requests')).toEqual([])
  await checkScreenBoth(page, 'requests-reviewer')
})

test('the help desk: Callers, and signs out from the user menu', async ({ page, app }) => {
  await openSignedIn(page, app, helpDeskUser)
  await expect(nav(page).getByRole('link')).toHaveText(['Callers'])
  await expect(page.getByRole('heading', { name: 'Callers', level: 1 })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Review queue' })).toHaveCount(0)
  await signOut(page)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('sign_out')).toHaveLength(1)
})

test('Help from a signed-out screen: number, hours, open now', async ({ page, app }) => {
  app.settings.device_mode = 'personal'
  await page.goto('/')
  await page.getByRole('button', { name: 'Sign in' }).waitFor()
  await page.getByRole('button', { name: 'Help' }).click()
  const dialog = page.getByRole('dialog', { name: 'Help desk' })
  await expect(dialog.getByRole('link', { name: helpDesk.phone })).toHaveAttribute('href', `tel:${helpDesk.phone}`)
  await expect(dialog).toContainText(helpDesk.hours)
  await expect(dialog.getByTestId('help-desk-status')).toHaveText(helpDesk.status_text)
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused()
  await checkScreenBoth(page, 'help-signed-out')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('button', { name: 'Help' }), 'focus returns to Help').toBeFocused()
})

test('Help from a signed-in screen, also once the portal stops answering', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await page.getByRole('button', { name: 'Help' }).click()
  const dialog = page.getByRole('dialog', { name: 'Help desk' })
  await expect(dialog.getByRole('link', { name: helpDesk.phone })).toBeVisible()
  await expect(dialog.getByTestId('help-desk-status')).toHaveText(helpDesk.status_text)
  await checkScreen(page, 'help-signed-in')
  await dialog.getByRole('button', { name: 'Close' }).click()

  app.on('help_desk_info', () => {
    throw new CommandFailure('unreachable', 'The portal on this computer cannot be reached.')
  })
  await navigate(page, 'Requests')
  await page.getByRole('button', { name: 'Help' }).click()
  await expect(dialog.getByRole('link', { name: helpDesk.phone }), 'the last known number stays').toBeVisible()
  await expect(dialog).toContainText(helpDesk.hours)
  await expect(dialog.getByTestId('help-desk-status')).toHaveText('Could not check whether it is open right now.')
})

test('Help on a fresh start with the portal down: the number and hours kept from an earlier day', async ({ page, app }) => {
  app.on('help_desk_info', () => {
    throw new CommandFailure('unreachable', 'The shared portal portal.lakeside.example cannot be reached.')
  })
  app.on('last_help_desk', () => ({
    ...helpDesk,
    open_now: false,
    closes_at: null,
    next_opening: null,
    status_text: 'Could not check whether it is open right now.',
  }))
  await page.goto('/')
  await page.getByRole('button', { name: 'Help' }).click()
  const dialog = page.getByRole('dialog', { name: 'Help desk' })
  await expect(dialog.getByRole('link', { name: helpDesk.phone })).toHaveAttribute('href', `tel:${helpDesk.phone}`)
  await expect(dialog).toContainText(helpDesk.hours)
  await expect(dialog.getByTestId('help-desk-status')).toHaveText('Could not check whether it is open right now.')
  await expect(dialog.getByRole('alert'), 'a number, not an error').toHaveCount(0)
  expect(app.callsOf('last_help_desk')).toHaveLength(1)
})

test('in dark mode too, the frame, My account and Help pass axe', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await openSignedIn(page, app, manager)
  await navigate(page, 'Requests')
  await checkScreen(page, 'requests-dark')
  await navigate(page, 'Import')
  await checkScreen(page, 'import-dark')
  await page.getByTestId('user-menu').click()
  await page.getByRole('button', { name: 'My account' }).click()
  await checkScreen(page, 'my-account-dark')
  await page.getByRole('button', { name: 'Help' }).click()
  await checkScreen(page, 'help-signed-in-dark')
})
