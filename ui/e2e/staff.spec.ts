import { readFileSync } from 'node:fs'
import { CommandFailure, checkScreen, checkScreenBoth, expect, manager, navigate, test } from './fixtures'
import { now, openSignedIn, staff } from './requests-data'

test('the office manager’s Staff and Requests pages: staff by status, requests by when they are due', async ({ page, app }) => {
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

  await checkScreen(page, 'staff')

  await navigate(page, 'Requests')
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  const overdue = requests.getByTestId('request-row-1044')
  await expect(overdue.getByTestId('request-due-1044')).toHaveText('4 days overdue')
  await expect(overdue.getByTestId('request-due-1044').locator('time')).toHaveAttribute(
    'title',
    'Due Wednesday, November 25, 2026 at 5:00 PM ET',
  )
  await expect(requests.getByTestId('request-due-1051')).toHaveText('Due tomorrow, 5 pm ET')
  await expect(requests.getByTestId('request-due-1047')).toHaveText('Waiting on you since Nov 24')
  await expect(requests.getByTestId('request-due-1039')).toHaveText('Closed Nov 17')
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–4 of 4')
  await expect(page.getByRole('region', { name: 'Your account' }), 'the account lives under My account').toHaveCount(0)
  await checkScreen(page, 'requests')
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

test('a row’s menu, by keyboard only: Reactivate opens the request form already filled for that person', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await page.getByRole('button', { name: 'Actions for Anita Patel' }).focus()
  await page.keyboard.press('Enter')
  const menu = page.getByRole('menu', { name: 'Actions for Anita Patel' })
  await expect(menu.getByRole('menuitem')).toHaveText(['Remove application access', 'Reactivate', 'Deactivate', 'View details', 'View history'])
  await expect(menu.getByRole('menuitem').first()).toBeFocused()
  await checkScreenBoth(page, 'staff-row-menu')
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'Reactivate' })).toBeFocused()
  await page.keyboard.press('Enter')

  await expect(page.getByRole('heading', { name: 'New User ID Request', level: 1 })).toBeFocused()
  await expect(page.getByLabel('Reactivation', { exact: true })).toBeChecked()
  await expect(page.getByLabel('New user', { exact: true }), 'she has a user ID already').toHaveCount(0)
  const person = page.getByTestId('request-person')
  await expect(person).toContainText('Anita Patel')
  await expect(person).toContainText('apatel · Salesperson · anita.patel@lakeside.example')
  const userId = page.getByRole('combobox', { name: 'Person' })
  await expect(userId, 'nobody retypes an identifier the app knows').toHaveValue('apatel')
  await expect(person.getByText('Inactive', { exact: true }), 'who she is, with her status').toBeVisible()
  await checkScreenBoth(page, 'request-form-prefilled')

  // Tab to the user ID, Enter goes to the review, Tab past "Back to edit" to Submit.
  for (let i = 0; i < 6 && !(await userId.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
  await expect(userId).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Check and submit' })).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Submit request' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Request #1052: Reactivation for apatel' })).toBeFocused()
  expect(app.callsOf('submit_request')).toEqual([{ form: { kind: 'reactivation', user_id: 'apatel' } }])

  // Back on the Staff page the open request is shown, so it is not filed twice.
  await expect(page.getByTestId('request-back')).toHaveText('← Staff')
  await page.getByTestId('request-back').click()
  const row = page.getByTestId('staff-apatel')
  await expect(row.getByRole('status')).toContainText('Reactivation requested: request #1052 (submitted)')
  await row.getByRole('button', { name: 'Actions for Anita Patel' }).click()
  await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText(['Remove application access', 'Deactivate', 'View details', 'View history'])
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu')).toHaveCount(0)
  await expect(row.getByRole('button', { name: 'Actions for Anita Patel' }), 'Escape returns to the menu button').toBeFocused()
})

test('a row’s menu offers only what applies to that person', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const items = async (name: string) => {
    await page.getByRole('button', { name: `Actions for ${name}` }).click()
    const texts = await page.getByRole('menu').getByRole('menuitem').allTextContents()
    await page.keyboard.press('Escape')
    return texts
  }
  expect(await items('James Chen')).toEqual(['Remove application access', 'Deactivate', 'View details', 'View history'])
  expect(await items('Maria Garcia'), 'the office manager does not deactivate herself here').toEqual(['Remove application access', 'View details', 'View history'])
  expect(await items('Linh Nguyen')).toEqual(['View details', 'View history'])
  expect(await items('Tom Smith')).toEqual(['View details', 'View history'])
})

test('Deactivate opens the deactivation filled for that person, in the danger style', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await page.getByRole('button', { name: 'Actions for James Chen' }).click()
  const deactivate = page.getByRole('menuitem', { name: 'Deactivate' })
  await expect(deactivate).toHaveClass(/danger/)
  await deactivate.click()
  await expect(page.getByLabel('Deactivation', { exact: true })).toBeChecked()
  await expect(page.getByTestId('deactivation-warning')).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'Person' })).toHaveValue('jchen')
  await page.getByLabel('Reason').fill('Left the dealership on November 27.')
  await page.getByRole('button', { name: 'Review request' }).click()
  await expect(page.getByRole('button', { name: 'Submit and end access now' })).toHaveClass(/danger/)
  await page.getByRole('button', { name: 'Submit and end access now' }).click()
  expect(app.callsOf('submit_request')).toEqual([
    { form: { kind: 'deactivation', user_id: 'jchen', reason: 'Left the dealership on November 27.' } },
  ])
})

test('View history shows the requests about that person', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await page.getByRole('button', { name: 'Actions for Robert Brooks' }).click()
  await page.getByRole('menuitem', { name: 'View history' }).click()
  await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeFocused()
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await expect(requests.getByLabel('Search')).toHaveValue('rbrooks')
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–1 of 1')
  await expect(requests.getByTestId('request-row-1044')).toBeVisible()
  expect(app.callsOf('dealer_requests')).toContainEqual({ filter: { q: 'rbrooks', limit: 10 } })
})

test('a form started from a row keeps an earlier draft, and offers it', async ({ page, app }) => {
  app.drafts.set('mgarcia', {
    values: { kind: 'new_user', first_name: 'Sara', last_name: 'Lopez', email: '', business_phone: '', role: '', role_other: '', user_id: 'slopez', applications: [], reason: '' },
    saved_at: '2026-11-28T20:15:00Z',
  })
  await openSignedIn(page, app, manager)
  await page.getByRole('button', { name: 'Actions for James Chen' }).click()
  await page.getByRole('menuitem', { name: 'Remove application access' }).click()
  await expect(page.getByLabel('Remove application access', { exact: true })).toBeChecked()
  await expect(page.getByRole('combobox', { name: 'Person' })).toHaveValue('jchen')
  await expect(page.getByTestId('other-draft')).toContainText('You also have an unsent draft from yesterday, 3:15 pm')
  expect(app.drafts.get('mgarcia')?.values.user_id, 'the draft is untouched until the form changes').toBe('slopez')
  await page.getByRole('button', { name: 'Open that draft instead' }).click()
  await expect(page.getByLabel('New user', { exact: true })).toBeChecked()
  await expect(page.getByLabel('First name')).toHaveValue('Sara')
  await expect(page.getByTestId('request-person')).toHaveCount(0)
})

test('each row shows the applications held; a removal offers only those, for the person with their phone', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const staff = page.getByRole('region', { name: 'Staff', exact: true })
  await expect(staff.getByTestId('applications-rbrooks').getByRole('listitem')).toHaveText(['IntelliRater', 'SmartAuction', 'SmartCash'])
  await expect(staff.getByTestId('applications-lnguyen')).toHaveText('None')
  await page.getByRole('button', { name: 'Actions for Linh Nguyen' }).click()
  await expect(page.getByRole('menu').getByRole('menuitem'), 'nothing held, nothing to remove').toHaveText(['View details', 'View history'])
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'Actions for James Chen' }).click()
  await page.getByRole('menuitem', { name: 'Remove application access' }).click()
  await expect(page.getByTestId('request-person')).toContainText('james.chen@lakeside.example · (312) 555-0142')
  const choice = page.getByRole('group', { name: 'Applications to remove' })
  await expect(choice.getByRole('checkbox'), 'only what James holds').toHaveCount(2)
  await expect(choice.getByLabel('SmartAuction')).toBeVisible()
  await expect(choice.getByLabel('SmartCash')).toBeVisible()
  await expect(choice.getByLabel('IntelliRater')).toHaveCount(0)
  await checkScreenBoth(page, 'request-form-removal-prefilled')
})

test('request filters and paging', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await navigate(page, 'Requests')
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await requests.getByLabel('Overdue only').check()
  await expect(requests.getByRole('row')).toHaveCount(2)
  await expect(requests.getByTestId('request-row-1044')).toBeVisible()
  await requests.getByLabel('Overdue only').uncheck()
  await requests.getByLabel('Kind').selectOption('deactivation')
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–1 of 1')
  await requests.getByLabel('State').selectOption('rejected')
  await expect(requests.getByTestId('dealer-requests-empty')).toHaveText('No requests match these filters.')
  expect(app.callsOf('dealer_requests').at(-1)).toEqual({ filter: { state: 'rejected', kind: 'deactivation', limit: 10 } })

  // Paging: a page of two from the portal, then the next.
  await requests.getByLabel('State').selectOption('')
  await requests.getByLabel('Kind').selectOption('')
  const all = app.callsOf('dealer_requests').length
  app.on('dealer_requests', (args) => {
    const offset = Number((args.filter as { after?: string }).after ?? 0)
    const ids = [1051, 1047, 1044].slice(offset, offset + 2)
    return {
      requests: ids.map((id) => ({
        id, kind: 'reactivation' as const, state: 'submitted' as const, pdn: '01234', dealership_name: 'Lakeside Motors', user_id: `u${id}`,
        first_name: 'A', last_name: 'B', applications: [], submitted_by: 'mgarcia', submitted_at: '2026-11-27T19:05:00Z',
        due_at: '2026-11-30T22:00:00Z', overdue: false, updated_at: '2026-11-27T19:05:00Z',
      })),
      total: 3,
      total_capped: false,
      next_after: offset === 0 ? '2' : null,
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
    if (fail) throw new CommandFailure('unreachable', 'The portal cannot be reached. Check the network and try again.')
    return { requests: [], total: 0, total_capped: false, next_after: null }
  })
  await openSignedIn(page, app, manager)
  await expect(page.getByTestId('staff-empty')).toContainText('No user IDs at this dealership yet')
  await checkScreenBoth(page, 'staff-empty')
  await navigate(page, 'Requests')
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await expect(requests.getByRole('alert')).toHaveAttribute('data-code', 'unreachable')
  await checkScreenBoth(page, 'requests-error')
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

test('in dark mode too, the Staff page passes axe', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await openSignedIn(page, app, manager)
  await expect(page.getByTestId('staff-jchen')).toBeVisible()
  await checkScreen(page, 'staff-dark')
})

test('“Action needed” counts what needs attention; each count opens its list, filtered', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  const strip = page.getByRole('region', { name: 'Action needed' })
  await expect(strip.getByRole('link')).toHaveText([
    /^4\s*Access review: to decide/,
    /^1\s*Locked/,
    /^1\s*Goes inactive within 7 days/,
    /^1\s*Inactive/,
    /^1\s*Needs information/,
    /^1\s*Overdue/,
  ])

  await strip.getByRole('link', { name: /Locked/ }).click()
  const staff = page.getByRole('region', { name: 'Staff', exact: true })
  await expect(staff.getByLabel('Status')).toHaveValue('locked')
  await expect(staff.getByRole('row')).toHaveCount(2)
  await expect(staff.getByTestId('staff-jchen')).toBeVisible()

  await page.getByRole('region', { name: 'Action needed' }).getByRole('link', { name: /Goes inactive/ }).click()
  await expect(staff.getByLabel('Status')).toHaveValue('soon')
  await expect(staff.getByRole('row')).toHaveCount(2)
  await expect(staff.getByTestId('staff-rbrooks')).toBeVisible()

  // Keyboard only: Tab to a count, Enter opens the requests it counts.
  await page.getByRole('region', { name: 'Action needed' }).getByRole('link', { name: /Overdue/ }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeFocused()
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await expect(requests.getByLabel('Overdue only')).toBeChecked()
  await expect(requests.getByTestId('request-row-1044')).toBeVisible()
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–1 of 1')

  await page.getByRole('region', { name: 'Action needed' }).getByRole('link', { name: /Needs information/ }).click()
  await expect(requests.getByLabel('State')).toHaveValue('needs_info')
  await expect(requests.getByTestId('request-row-1047')).toBeVisible()
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–1 of 1')
  await expect(requests.getByLabel('Overdue only'), 'one filter at a time').not.toBeChecked()
  await checkScreenBoth(page, 'requests-needs-information')

  // The open access review's people still to decide: Review access, from either page.
  await page.getByRole('region', { name: 'Action needed' }).getByRole('link', { name: /Access review/ }).click()
  await expect(page.getByRole('heading', { name: 'Review access', level: 1 })).toBeVisible()
  await expect(page.getByTestId('review-progress')).toHaveText('0 of 4 decided')
})

test('“Action needed” is not there when nothing needs attention', async ({ page, app }) => {
  app.on('dealer_users', () => [])
  app.on('dealer_requests', () => ({ requests: [], total: 0, total_capped: false, next_after: null }))
  app.on('access_reviews', () => [])
  await openSignedIn(page, app, manager)
  await expect(page.getByTestId('staff-empty')).toBeVisible()
  await expect(page.getByTestId('action-needed')).toHaveCount(0)
  await navigate(page, 'Requests')
  await expect(page.getByTestId('dealer-requests-empty')).toBeVisible()
  await expect(page.getByTestId('action-needed')).toHaveCount(0)
})

test('a person’s details panel, by keyboard: contact, applications, requests and events, and its actions', async ({ page, app }) => {
  await page.clock.setFixedTime(new Date('2026-11-29T14:32:00Z'))
  await openSignedIn(page, app, manager)
  const name = page.getByTestId('staff-rbrooks').getByRole('button', { name: 'Robert Brooks', exact: true })
  await name.focus()
  await page.keyboard.press('Enter')
  const panel = page.getByRole('dialog', { name: 'Robert Brooks' })
  await expect(panel.getByRole('heading', { name: 'Robert Brooks' })).toBeFocused()
  await expect(panel).toContainText('rbrooks · Sales manager')
  await expect(panel).toContainText('Goes inactive in 4 days')
  await expect(panel.getByTestId('panel-email')).toHaveText('robert.brooks@lakeside.example')
  await expect(panel.getByTestId('panel-phone')).toHaveText('(312) 555-0177')
  await expect(panel.getByTestId('panel-applications').getByRole('listitem')).toHaveCount(3)
  await expect(panel.getByTestId('panel-request-1044')).toContainText('#1044 Remove application access')
  await expect(panel.getByTestId('recent-events').getByRole('listitem').first(), 'the failed sign-in the row counts').toContainText('Wrong password')
  expect(app.callsOf('dealer_requests'), 'the requests of this one person').toContainEqual({ filter: { user_id: 'rbrooks', limit: 50 } })
  expect(app.callsOf('dealer_audit'), 'the events of this one person').toEqual([{ page: { user_id: 'rbrooks', limit: 10 } }])
  // The panel covers the window's height: the shot is of the window, not a longer page.
  await page.setViewportSize({ width: 1100, height: 1150 })
  await checkScreen(page, 'staff-panel')
  await page.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
  await expect(name, 'focus returns to the name that opened it').toBeFocused()

  // From the panel, a request opens; and a locked person's events say what happened.
  await page.getByRole('button', { name: 'James Chen', exact: true }).click()
  const james = page.getByRole('dialog', { name: 'James Chen' })
  await expect(james.getByTestId('recent-events').getByRole('listitem')).toHaveCount(3)
  await expect(james.getByTestId('recent-events')).toContainText('After 5 wrong passwords.')
  await page.emulateMedia({ colorScheme: 'dark' })
  await checkScreen(page, 'staff-panel-dark')
  await page.emulateMedia({ colorScheme: 'light' })
  await james.getByRole('button', { name: 'Deactivate' }).click()
  await expect(page.getByLabel('Deactivation', { exact: true })).toBeChecked()
  await expect(page.getByRole('dialog'), 'the panel gave way to the form').toHaveCount(0)
})

test('the Staff and Requests lists follow a request that changes state, keeping filters, page and focus', async ({ page, app }) => {
  // Signed in as for the other tests, with a clock this test moves on.
  app.settings.device_mode = 'personal'
  app.on('resume_session', () => ({ user: manager, remembered: true, keychain_notice: null }))
  await page.clock.install({ time: now })
  await page.goto('/')
  await page.getByRole('region', { name: 'Action needed' }).getByRole('link', { name: /Locked/ }).click()
  const staffList = page.getByRole('region', { name: 'Staff', exact: true })
  await expect(staffList.getByLabel('Status')).toHaveValue('locked')
  await expect(staffList.getByRole('row')).toHaveCount(2)
  const actions = staffList.getByRole('button', { name: 'Actions for James Chen' })
  await actions.focus()

  // A reviewer completes Robert's removal, and the help desk's lockout of Dana shows up with it.
  await app.answer('decide_request', { id: 1044, decision: { action: 'approve' } })
  const dana = { ...staff[1], user_id: 'druiz', first_name: 'Dana', last_name: 'Ruiz', email: 'dana.ruiz@lakeside.example' }
  app.on('dealer_users', (args) => [...staff, dana].filter((u) => !args.filter?.status || u.status === args.filter.status))
  const asked = app.callsOf('dealer_users').length
  // The app's minute look (the one that notifies) saw the change and tells the window.
  await page.evaluate(() => window.__e2eEmit('requests-changed'))
  await expect(staffList.getByTestId('staff-druiz'), 'the list loads again once the app’s look sees the change').toBeVisible()
  expect(app.callsOf('dealer_users').slice(asked), 'with its filter').toContainEqual({ filter: { status: 'locked' } })
  await expect(staffList.getByLabel('Status')).toHaveValue('locked')
  await expect(actions, 'focus stays where it was').toBeFocused()

  await navigate(page, 'Requests')
  const requests = page.getByRole('region', { name: 'Requests', exact: true })
  await requests.getByLabel('Kind').selectOption('remove_application_access')
  await page.clock.runFor(10)
  await expect(requests.getByTestId('dealer-requests-range')).toHaveText('Showing 1–1 of 1')
  const row = requests.getByTestId('request-row-1044')
  await expect(row).toContainText('Approved')
  const open = row.getByRole('button', { name: /Open request #1044/ })
  await open.focus()
  await app.answer('decide_request', { id: 1044, decision: { action: 'complete' } })
  await page.evaluate(() => window.__e2eEmit('requests-changed'))
  await expect(row).toContainText('Completed')
  await expect(requests.getByLabel('Kind')).toHaveValue('remove_application_access')
  await expect(open).toBeFocused()
})
