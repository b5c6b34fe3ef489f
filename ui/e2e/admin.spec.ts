import type { Page } from '@playwright/test'
import { admin, adminPassword, mockAdmin } from './admin-data'
import { checkScreen, checkScreenBoth, expect, test } from './fixtures'

// Signed in as a provider admin, the home is the list of dealerships.
test.beforeEach(async ({ page, app }) => {
  app.settings.device_mode = 'personal'
  mockAdmin(app)
  await page.clock.setFixedTime(new Date('2026-11-29T14:32:00Z'))
  await page.goto('/')
  await page.getByLabel('User ID').fill(admin.user_id)
  await page.getByLabel('Password', { exact: true }).fill(adminPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Dealerships' })).toBeVisible()
})

const row = (page: Page, pdn: string) => page.getByTestId(`dealership-${pdn}`)

test('dealerships are listed with their managers and searched by PDN or name', async ({ page }) => {
  await expect(page.getByTestId('nav-dealerships')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('nav-provider-staff')).toBeVisible()
  await expect(page.getByTestId('nav-staff'), 'no dealership areas for the provider admin').toHaveCount(0)
  await expect(row(page, '56789')).toContainText('Hilltop Auto Group')
  await expect(row(page, '01234').locator('[data-status="open"]')).toHaveText('Open')
  await checkScreen(page, 'admin-dealerships')

  await page.getByLabel('Search').fill('567')
  await expect(row(page, '01234')).toHaveCount(0)
  await expect(row(page, '56789')).toBeVisible()
  await page.getByLabel('Search').fill('nowhere')
  await expect(page.getByTestId('dealerships-empty')).toContainText('No dealership has “nowhere”')
})

test('a new dealership: every problem at once, a taken PDN on its field, then its page to invite the manager', async ({ page, app }) => {
  await page.getByTestId('new-dealership').click()
  const form = page.getByTestId('create-form')
  await form.getByRole('button', { name: 'Create dealership' }).click()
  await expect(form.getByText('A PDN is exactly five digits')).toBeVisible()
  await expect(form.getByText('Dealership name is required')).toBeVisible()
  await expect(page.getByLabel('PDN')).toBeFocused()

  await page.getByLabel('PDN').fill('01234')
  await page.getByLabel('Dealership name').fill('Riverside Motors')
  await form.getByRole('button', { name: 'Create dealership' }).click()
  await expect(form.getByText('A dealership with PDN 01234 exists already')).toBeVisible()
  await expect(page.getByLabel('Dealership name'), 'nothing typed is lost').toHaveValue('Riverside Motors')
  await checkScreenBoth(page, 'admin-dealership-new-error')

  await page.getByLabel('PDN').fill('40404')
  await page.getByLabel('Address (optional)').fill('1 River Rd, Dayton OH')
  await form.getByRole('button', { name: 'Create dealership' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Riverside Motors' })).toBeVisible()
  await expect(page.getByTestId('dealership-created')).toContainText('Invite its office manager below')
  await expect(page.getByTestId('people-empty')).toBeVisible()
  expect(app.callsOf('admin_create_dealership').at(-1)).toEqual({
    input: { pdn: '40404', name: 'Riverside Motors', address: '1 River Rd, Dayton OH', phone: '' },
  })

  const invite = page.getByTestId('invite-manager-form')
  await invite.getByLabel('First name').fill('Rita')
  await invite.getByLabel('Last name').fill('Vance')
  await invite.getByLabel('Email').fill('rita@riverside.example')
  await invite.getByLabel('User ID').fill('jchen')
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  await expect(invite.getByText('The user ID jchen is taken. Choose another. Free: jchen2, jchen3.')).toBeVisible()
  await invite.getByLabel('User ID').fill('rvance')
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByTestId('invite-manager-sent')).toContainText('Invitation sent to rita@riverside.example')
  await expect(page.getByTestId('invite-manager-sent')).toContainText('Nobody else sees the code')
  await expect(page.getByTestId('person-rvance')).toContainText('Has not set a password yet')
  await expect(page.getByTestId('person-rvance').locator('[data-status="invited"]')).toHaveText('Invited')
  await expect(page.getByTestId('role-rvance')).toHaveText('Office manager')
  await checkScreenBoth(page, 'admin-dealership-invited')

  await page.getByTestId('dealership-back').click()
  await expect(row(page, '40404')).toContainText('Riverside Motors')
})

test('roles move between staff and office manager, never leaving a dealership without one', async ({ page }) => {
  await row(page, '01234').getByRole('button', { name: 'Lakeside Motors' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Lakeside Motors' })).toBeVisible()

  await page.getByTestId('role-menu-mgarcia').click()
  await page.getByTestId('make-staff-mgarcia').click()
  await expect(page.getByTestId('dealership-refusal')).toContainText('mgarcia is the only office manager')
  await expect(page.getByTestId('dealership-refusal')).toBeFocused()
  await expect(page.getByTestId('role-mgarcia')).toHaveText('Office manager')

  await page.getByTestId('role-menu-jchen').click()
  await page.getByTestId('make-manager-jchen').click()
  await expect(page.getByTestId('dealership-notice')).toContainText('James Chen is now office manager')
  await expect(page.getByTestId('role-jchen')).toHaveText('Office manager')
  await page.getByTestId('role-menu-mgarcia').click()
  await page.getByTestId('make-staff-mgarcia').click()
  await expect(page.getByTestId('role-mgarcia')).toHaveText('Staff')
  await checkScreenBoth(page, 'admin-dealership-people')
})

test('closing asks first, says what it does, and can be undone', async ({ page }) => {
  await row(page, '56789').getByRole('button', { name: 'Hilltop Auto Group' }).click()
  await page.getByTestId('close-dealership').click()
  const dialog = page.getByRole('dialog', { name: 'Close Hilltop Auto Group?' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Keep it open' }), 'the safe choice has the focus').toBeFocused()
  await checkScreenBoth(page, 'admin-dealership-close')
  await dialog.getByRole('button', { name: 'Keep it open' }).click()
  await expect(dialog).toBeHidden()

  await page.getByTestId('close-dealership').click()
  await page.getByTestId('confirm-close').click()
  await expect(page.getByTestId('dealership-notice')).toContainText('Hilltop Auto Group is closed')
  await expect(page.locator('[data-status="closed"]').first()).toContainText('Closed')
  await expect(page.getByTestId('invite-manager-form'), 'nobody is invited to a closed dealership').toHaveCount(0)
  await page.getByTestId('reopen').click()
  await expect(page.getByTestId('dealership-notice')).toContainText('open again')
  await expect(page.getByTestId('invite-manager-form')).toBeVisible()
})

test('provider staff: invite with a role, end access and give it back, never your own', async ({ page, app }) => {
  await page.getByTestId('nav-provider-staff').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Provider staff' })).toBeVisible()
  await expect(page.getByTestId('provider-ada.admin')).toContainText('(you)')
  await expect(page.getByTestId('staff-menu-ada.admin'), 'no way to end your own access').toHaveCount(0)

  const invite = page.getByTestId('invite-staff-form')
  await invite.getByLabel('First name').fill('Ray')
  await invite.getByLabel('Last name').fill('Moss')
  await invite.getByLabel('Email').fill('ray@provider.example')
  await invite.getByLabel('User ID').fill('ray.moss')
  await invite.getByLabel('Role').selectOption('help_desk')
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByTestId('invite-staff-sent')).toContainText('Invitation sent to ray@provider.example')
  expect(app.callsOf('admin_invite_staff').at(-1)).toEqual({
    input: { first_name: 'Ray', last_name: 'Moss', email: 'ray@provider.example', user_id: 'ray.moss', role: 'help_desk' },
  })
  await expect(page.getByTestId('provider-ray.moss')).toContainText('Help desk')

  await page.getByTestId('staff-menu-reviewer.sam').click()
  await page.getByTestId('deactivate-reviewer.sam').click()
  await expect(page.getByTestId('staff-notice')).toContainText('access has ended')
  await expect(page.getByTestId('provider-reviewer.sam').locator('[data-status="deactivated"]')).toBeVisible()
  await checkScreen(page, 'admin-provider-staff')
  await page.getByTestId('staff-menu-reviewer.sam').click()
  await page.getByTestId('reactivate-reviewer.sam').click()
  await expect(page.getByTestId('provider-reviewer.sam').locator('[data-status="active"]')).toBeVisible()
})

test('many dealerships from one CSV: every row reported, the same file again makes nothing twice', async ({ page, app }) => {
  const csv =
    'pdn,name,manager_first_name,manager_last_name,manager_email,manager_user_id\n' +
    '40404,Riverside Motors,Rita,Vance,rita@riverside.example,rvance\n' +
    '56789,Somebody Else,Dana,Wright,dana@example.com,dwright\n' +
    '50505,Brookside Auto,James,Chen,jc@brookside.example,jchen\n'
  const file = { name: 'dealerships.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }
  await page.getByTestId('import-dealerships').click()
  const section = page.getByRole('region', { name: 'Import dealerships' })
  await section.getByLabel('CSV file').setInputFiles(file)
  await section.getByRole('button', { name: 'Import dealerships' }).click()
  await expect(section.getByTestId('onboard-totals')).toHaveText('1 created, 0 already there, 2 errors.')
  await expect(section.getByTestId('onboard-row-2')).toContainText('PDN 56789 exists as Hilltop Auto Group')
  await expect(section.getByTestId('onboard-row-3')).toContainText('The user ID jchen is taken')
  await expect(row(page, '40404'), 'the list shows what was made').toContainText('Riverside Motors')
  await checkScreenBoth(page, 'admin-dealerships-import')
  expect(app.callsOf('admin_import_dealerships')[0]).toEqual({ csv })

  await section.getByLabel('CSV file').setInputFiles(file)
  await section.getByRole('button', { name: 'Import dealerships' }).click()
  await expect(section.getByTestId('onboard-totals')).toHaveText('0 created, 1 already there, 2 errors.')
  await expect(section.getByTestId('onboard-row-1')).toContainText('Nothing changed.')
})

test('on a portal whose mail is not set up, an invitation says it waits in the outbox', async ({ page, app }) => {
  app.on('mail_ready', () => false)
  await page.getByTestId('nav-provider-staff').click()
  const invite = page.getByTestId('invite-staff-form')
  await invite.getByLabel('First name').fill('Ray')
  await invite.getByLabel('Last name').fill('Moss')
  await invite.getByLabel('Email').fill('ray@provider.example')
  await invite.getByLabel('User ID').fill('ray.moss')
  await invite.getByRole('button', { name: 'Send invitation' }).click()
  await expect(page.getByTestId('invite-staff-sent')).toContainText('waits in the portal’s outbox')
  await expect(page.getByTestId('invite-staff-sent')).not.toContainText('Invitation sent')
})

test('in dark mode too, the dealerships, a dealership and provider staff pass axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await checkScreen(page, 'admin-dealerships-dark')
  await row(page, '01234').getByRole('button', { name: 'Lakeside Motors' }).click()
  await expect(page.getByTestId('person-tnguyen')).toContainText('Has not set a password yet')
  await checkScreen(page, 'admin-dealership-dark')
  await page.getByTestId('nav-provider-staff').click()
  await expect(page.getByTestId('provider-ada.admin')).toBeVisible()
  await checkScreen(page, 'admin-provider-staff-dark')
})

test('provider staff: the help desk\u2019s unlock of one of them waits for a second admin, never the one who asked', async ({ page, app }) => {
  await page.getByTestId('nav-provider-staff').click()
  const waiting = page.getByTestId('unlock-approvals')
  await expect(waiting.getByTestId('approval-reviewer.sam')).toContainText('Unlock, asked by helpdesk.kim')
  await expect(waiting.getByTestId('approval-ada.admin')).toContainText('Reset of two-step sign-in (lost phone), asked by helpdesk.kim')
  await expect(page.getByTestId('approve-ada.admin'), 'nobody approves the unlock of their own account').toHaveCount(0)
  await expect(page.getByTestId('approval-not-mine-ada.admin')).toHaveText('Another provider admin approves this.')
  await checkScreenBoth(page, 'admin-unlock-approvals')

  await page.getByTestId('approve-reviewer.sam').click()
  await expect(page.getByTestId('staff-notice')).toContainText('Approved: helpdesk.kim may now unlock Sam Patel')
  await expect(page.getByTestId('approval-reviewer.sam')).toHaveCount(0)
  expect(app.callsOf('admin_approve_unlock')).toEqual([{ id: 7 }])
})
