import { readFileSync } from 'node:fs'
import { CommandFailure, checkScreen, expect, manager, test } from './fixtures'
import { openSignedIn } from './requests-data'

test('the office manager’s dashboard: staff by status, requests with due times in ET', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const staff = page.getByRole('region', { name: 'Staff', exact: true })
  await expect(staff.getByRole('row')).toHaveCount(7)
  const locked = staff.getByTestId('staff-jchen')
  await expect(locked.getByText('Locked', { exact: true })).toBeVisible()
  await expect(locked).toContainText('Since yesterday, 11:40 am, after 5 wrong passwords')
  await expect(staff.getByTestId('staff-rbrooks').getByText('Goes inactive in 4 days')).toBeVisible()
  await expect(staff.getByTestId('staff-rbrooks')).toContainText('On Dec 3, unless they sign in before.')
  await expect(staff.getByTestId('staff-rbrooks')).toContainText('2 months ago')
  await expect(staff.getByTestId('staff-jchen').locator('time')).toHaveText('1 week ago')
  await expect(staff.getByTestId('staff-jchen').locator('time')).toHaveAttribute('title', 'Friday, November 20, 2026 at 8:15 AM EST')
  await expect(staff.getByTestId('staff-apatel').getByText('Inactive', { exact: true })).toBeVisible()
  await expect(staff.getByTestId('staff-lnguyen').getByText('Pending', { exact: true })).toBeVisible()
  await expect(staff.getByTestId('staff-tsmith').getByText('Deactivated')).toBeVisible()

  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  const overdue = requests.getByTestId('request-row-1044')
  await expect(overdue.getByTestId('request-due-1044')).toHaveText('4 days overdue')
  await expect(overdue.getByTestId('request-due-1044').locator('time')).toHaveAttribute(
    'title',
    'Due Wednesday, November 25, 2026 at 5:00 PM ET',
  )
  await expect(requests.getByTestId('request-due-1051')).toHaveText('Due tomorrow, 5 pm ET')
  await expect(requests.getByTestId('request-due-1047')).toHaveText('Waiting on you')
  await expect(requests.getByTestId('request-due-1039')).toHaveText('Closed Nov 17')
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–4 of 4')
  await expect(page.getByRole('region', { name: 'Your account' })).toBeVisible()
  await checkScreen(page, 'dashboard')
})

test('staff search and status filter ask the portal', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const staff = page.getByRole('region', { name: 'Staff', exact: true })
  await staff.getByLabel('Status').selectOption('locked')
  await expect(staff.getByRole('row')).toHaveCount(2)
  await expect(staff.getByTestId('staff-jchen')).toBeVisible()
  await staff.getByLabel('Status').selectOption('')
  await staff.getByLabel('Search').fill('zzz')
  await expect(staff.getByTestId('staff-empty')).toHaveText('Nobody matches these filters.')
  expect(app.callsOf('dealer_users')).toContainEqual({ filter: { status: 'locked' } })
  expect(app.callsOf('dealer_users')).toContainEqual({ filter: { q: 'zzz' } })
})

test('one click requests reactivation of an inactive user and shows the request', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const row = page.getByTestId('staff-apatel')
  await row.getByRole('button', { name: 'Request reactivation of apatel' }).click()
  await expect(row.getByRole('status')).toContainText('Reactivation requested: request #1052 (submitted)')
  expect(app.callsOf('submit_request')).toEqual([{ form: { kind: 'reactivation', user_id: 'apatel' } }])
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await expect(requests.getByTestId('request-row-1052')).toContainText('Reactivation')
  await row.getByRole('button', { name: 'request #1052' }).click()
  await expect(page.getByRole('heading', { name: 'Request #1052: Reactivation for apatel' })).toBeFocused()

  // Back on the dashboard the open request is still shown, so it is not filed twice.
  await page.getByTestId('request-back').click()
  await expect(row.getByRole('status')).toContainText('Reactivation requested: request #1052 (submitted)')
  await expect(row.getByRole('button', { name: 'Request reactivation of apatel' })).toHaveCount(0)
  expect(app.callsOf('submit_request')).toHaveLength(1)
})

test('a refused reactivation says why on its row', async ({ page, app }) => {
  app.on('submit_request', () => {
    throw new CommandFailure('not_eligible', 'apatel is active, not inactive: reactivation is only for user IDs with no sign-in for 60 days or more')
  })
  await openSignedIn(page, app, manager)
  const row = page.getByTestId('staff-apatel')
  await row.getByRole('button', { name: 'Request reactivation of apatel' }).click()
  await expect(row.getByRole('alert')).toHaveAttribute('data-code', 'not_eligible')
})

test('request filters and paging', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await requests.getByLabel('Overdue only').check()
  await expect(requests.getByRole('row')).toHaveCount(2)
  await expect(requests.getByTestId('request-row-1044')).toBeVisible()
  await requests.getByLabel('Overdue only').uncheck()
  await requests.getByLabel('Kind').selectOption('deactivation')
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–1 of 1')
  await requests.getByLabel('State').selectOption('rejected')
  await expect(requests.getByTestId('dealer-requests-empty')).toHaveText('No requests match these filters.')
  expect(app.callsOf('dealer_requests').at(-1)).toEqual({ filter: { state: 'rejected', kind: 'deactivation', limit: 10, offset: 0 } })

  // Paging: a page of two from the portal, then the next.
  await requests.getByLabel('State').selectOption('')
  await requests.getByLabel('Kind').selectOption('')
  const all = app.callsOf('dealer_requests').length
  app.on('dealer_requests', (args) => {
    const offset = Number((args.filter as { offset?: number }).offset ?? 0)
    const ids = [1051, 1047, 1044].slice(offset, offset + 2)
    return {
      requests: ids.map((id) => ({
        id, kind: 'reactivation', state: 'submitted', pdn: '01234', dealership_name: 'Lakeside Motors', user_id: `u${id}`,
        first_name: 'A', last_name: 'B', applications: [], submitted_by: 'mgarcia', submitted_at: '2026-11-27T19:05:00Z',
        due_at: '2026-11-30T22:00:00Z', overdue: false, updated_at: '2026-11-27T19:05:00Z',
      })),
      total: 3,
      next_offset: offset === 0 ? 2 : null,
    }
  })
  await requests.getByLabel('Search').fill('u')
  // The search waits for a pause in typing: page only once it has been asked.
  await expect.poll(() => (app.callsOf('dealer_requests').at(-1)?.filter as { q?: string }).q).toBe('u')
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–2 of 3')
  await requests.getByRole('button', { name: 'Next' }).click()
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 3–3 of 3')
  await expect(requests.getByRole('button', { name: 'Next' })).toBeDisabled()
  expect(app.callsOf('dealer_requests').length).toBeGreaterThan(all)
  await requests.getByRole('button', { name: 'Previous' }).click()
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–2 of 3')
})

test('empty and error states', async ({ page, app }) => {
  app.on('dealer_users', () => [])
  let fail = true
  app.on('dealer_requests', () => {
    if (fail) throw new CommandFailure('unavailable', 'The portal cannot be reached. Check the network and try again.')
    return { requests: [], total: 0, next_offset: null }
  })
  await openSignedIn(page, app, manager)
  await expect(page.getByTestId('staff-empty')).toContainText('No user IDs at this dealership yet')
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await expect(requests.getByRole('alert')).toHaveAttribute('data-code', 'unavailable')
  await checkScreen(page, 'dashboard-empty-error')
  fail = false
  await requests.getByRole('button', { name: 'Try again' }).click()
  await expect(requests.getByTestId('dealer-requests-empty')).toHaveText('No requests yet.')
})

test('the roster downloads as roster-<pdn>.csv', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export roster (CSV)' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('roster-01234.csv')
  const text = readFileSync(await file.path(), 'utf8')
  expect(text.split('\r\n')[0]).toBe('user_id,first_name,last_name,email,role,status')
  expect(text).toContain('jchen,James,Chen')
  await expect(page.getByText('Saved as roster-01234.csv.')).toBeVisible()
})

test('in dark mode too, the dashboard passes axe', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await openSignedIn(page, app, manager)
  await expect(page.getByTestId('staff-jchen')).toBeVisible()
  await expect(page.getByTestId('request-row-1044')).toBeVisible()
  await checkScreen(page, 'dashboard-dark')
})
