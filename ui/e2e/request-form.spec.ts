import { CommandFailure, checkScreen, checkScreenBoth, expect, manager, test } from './fixtures'
import { openSignedIn } from './requests-data'
import type { Page } from '@playwright/test'

async function openForm(page: Page) {
  await page.getByRole('button', { name: 'New User ID Request' }).click()
  await expect(page.getByRole('heading', { name: 'New User ID Request' })).toBeFocused()
}

async function fillNewUser(page: Page, userId = 'slopez') {
  await page.getByLabel('First name').fill('Sara')
  await page.getByLabel('Last name').fill('Lopez')
  await page.getByLabel('Email').fill('sara.lopez@lakeside.example')
  await page.getByLabel('Business phone').fill('(312) 555-0140')
  await page.getByLabel('Role', { exact: true }).selectOption('salesperson')
  await page.getByLabel('User ID', { exact: true }).fill(userId)
  await page.getByLabel('SmartCash').check()
}

test.beforeEach(async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await openForm(page)
})

test('a new user: the fields, the SmartAuction note, a review step, then the request', async ({ page, app }) => {
  await expect(page.getByLabel('New user', { exact: true })).toBeChecked()
  await expect(page.getByText('For Lakeside Motors (PDN 01234)'), 'the form names the dealership').toBeVisible()
  await fillNewUser(page)
  await page.getByLabel('SmartAuction').check()
  await expect(page.getByTestId('smartauction-note')).toContainText('needs additional steps after approval')
  await expect.poll(() => app.drafts.get('mgarcia')?.values.applications, 'the draft is kept as the person types').toEqual([
    'smartcash',
    'smartauction',
  ])
  await checkScreenBoth(page, 'request-form-new-user')

  await page.getByRole('button', { name: 'Review request' }).click()
  await expect(page.getByRole('heading', { name: 'Check and submit' })).toBeFocused()
  const summary = page.getByTestId('request-summary')
  await expect(summary.getByTestId('summary-dealership')).toHaveText('Lakeside Motors (PDN 01234)')
  await expect(summary).toContainText('Sara Lopez')
  await expect(summary).toContainText('Salesperson')
  await expect(summary).toContainText('SmartCash, SmartAuction')
  await checkScreenBoth(page, 'request-form-review')
  expect(app.callsOf('submit_request')).toEqual([])

  await page.getByRole('button', { name: 'Submit request' }).click()
  expect(app.callsOf('submit_request')).toEqual([
    {
      form: {
        kind: 'new_user', first_name: 'Sara', last_name: 'Lopez', email: 'sara.lopez@lakeside.example',
        business_phone: '(312) 555-0140', role: 'salesperson', role_other: null, user_id: 'slopez',
        applications: ['smartcash', 'smartauction'],
      },
    },
  ])
  await expect(page.getByRole('heading', { name: 'Request #1052: New user for slopez' })).toBeFocused()
  await expect(page.getByTestId('request-notice')).toHaveText('Your request was submitted.')
  expect(app.drafts.has('mgarcia'), 'the draft is gone once submitted').toBe(false)
  expect(app.callsOf('draft_clear')).toHaveLength(1)
})

test('each field is checked as the person types, and all of them on submit', async ({ page, app }) => {
  const email = page.getByLabel('Email')
  await email.fill('sara.lopez@')
  await email.blur()
  await expect(page.getByTestId('rf-email-error')).toHaveText('Email address must look like name@dealership.com')
  await expect(email).toHaveAttribute('aria-invalid', 'true')
  await email.fill('sara.lopez@lakeside.example')
  await expect(page.getByTestId('rf-email-error')).toHaveText('')

  await page.getByLabel('Role', { exact: true }).selectOption('other')
  await page.getByRole('button', { name: 'Review request' }).click()
  await expect(page.getByLabel('First name'), 'focus goes to the first problem').toBeFocused()
  await expect(page.getByTestId('rf-first-name-error')).toHaveText('First name is required')
  await expect(page.getByTestId('rf-business-phone-error')).toHaveText('Business phone is required')
  await expect(page.getByTestId('rf-role-other-error')).toHaveText('Role description is required')
  await expect(page.getByTestId('rf-user-id-error')).toHaveText('User ID is required')
  await expect(page.getByTestId('rf-applications-error')).toHaveText('Choose at least one application')
  await page.getByLabel('Business phone').fill('555-0140')
  await expect(page.getByTestId('rf-business-phone-error')).toContainText('10-digit North American number')
  await checkScreenBoth(page, 'request-form-errors')
  expect(app.callsOf('submit_request')).toEqual([])
})

test('the portal’s field errors show on their fields; a taken user ID offers free ones', async ({ page, app }) => {
  await fillNewUser(page, 'jsmith')
  await page.getByRole('button', { name: 'Review request' }).click()
  await page.getByRole('button', { name: 'Submit request' }).click()
  const userId = page.getByLabel('User ID', { exact: true })
  await expect(userId).toBeFocused()
  await expect(page.getByTestId('rf-user-id-error')).toHaveText('This user ID is already taken')
  const offered = page.getByTestId('user-id-suggestions')
  await expect(offered.getByRole('button')).toHaveText(['jsmith2', 'j.smith', 'jsmith.lm'])
  await checkScreenBoth(page, 'request-form-user-id-taken')
  await offered.getByRole('button', { name: 'j.smith' }).click()
  await expect(userId).toHaveValue('j.smith')
  await expect(userId).toBeFocused()
  await expect(page.getByTestId('rf-user-id-error')).toHaveText('')

  app.on('submit_request', () => {
    throw new CommandFailure('invalid_form', 'Please correct: email: …', {
      fields: [
        { field: 'email', message: 'This email address already belongs to another user ID' },
        { field: 'applications', message: 'SmartCash is not offered to this dealership' },
      ],
    })
  })
  await page.getByRole('button', { name: 'Review request' }).click()
  await page.getByRole('button', { name: 'Submit request' }).click()
  await expect(page.getByLabel('Email')).toBeFocused()
  await expect(page.getByTestId('rf-email-error')).toHaveText('This email address already belongs to another user ID')
  await expect(page.getByTestId('rf-applications-error')).toHaveText('SmartCash is not offered to this dealership')
  await page.getByLabel('Email').fill('sara@lakeside.example')
  await expect(page.getByTestId('rf-email-error'), 'a changed value clears the portal’s word on it').toHaveText('')
})

/** Chooses someone in the person picker by a click, after typing part of their name. */
async function choosePerson(page: Page, typed: string, name: string) {
  await page.getByRole('combobox', { name: 'Person' }).fill(typed)
  await page.getByRole('option', { name: new RegExp(name) }).click()
  await expect(page.getByTestId('request-person')).toContainText(name)
}

test('the person picker offers only those the request applies to, and says why not of the others', async ({ page, app }) => {
  await page.getByLabel('Reactivation', { exact: true }).check()
  await expect(page.getByLabel('First name')).toHaveCount(0)
  const picker = page.getByRole('combobox', { name: 'Person' })
  await expect(page.locator('#rf-user-id-hint')).toHaveText('Type part of a name or user ID. Offered: inactive user IDs.')
  await picker.click()
  await expect(picker).toHaveAttribute('aria-expanded', 'true')
  const options = page.getByRole('listbox', { name: 'People at your dealership' }).getByRole('option')
  // Anita is inactive: offered first. The others are listed after her, each with the reason.
  await expect(options.first()).toContainText('Anita Patel')
  await expect(options.first()).not.toHaveAttribute('aria-disabled', 'true')
  const james = page.getByRole('option', { name: /James Chen/ })
  await expect(james).toHaveAttribute('aria-disabled', 'true')
  await expect(james).toContainText('jchen · Finance manager')
  await expect(james).toContainText('Locked, not inactive: the help desk unlocks it')
  await expect(page.getByRole('option', { name: /Tom Smith/ })).toContainText('Deactivated: file a new-user request instead')
  await checkScreen(page, 'request-form-picker')
  await james.click({ force: true })
  await expect(picker, 'someone the request does not apply to cannot be chosen').toHaveValue('')

  await picker.fill('nobody')
  await expect(page.getByTestId('rf-user-id-popup')).toContainText('Nobody at your dealership matches “nobody”.')
  await expect(options).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(picker).toHaveAttribute('aria-expanded', 'false')
  await page.keyboard.press('Escape')
  await expect(picker, 'a second Escape clears the box').toHaveValue('')

  // The portal still decides: a refusal comes back onto the picker.
  await choosePerson(page, 'anita', 'Anita Patel')
  app.on('submit_request', () => {
    throw new CommandFailure('not_eligible', 'apatel signed in again and is active, not inactive')
  })
  await page.getByRole('button', { name: 'Review request' }).click()
  await expect(page.getByTestId('request-summary')).toContainText('Anita Patel')
  await page.getByRole('button', { name: 'Submit request' }).click()
  await expect(page.getByTestId('request-form-error')).toHaveAttribute('data-code', 'not_eligible')
  await expect(page.getByTestId('request-form-error')).toHaveText(
    'Not filed: this reactivation request does not apply to apatel. Check their status in the staff list.',
  )
  await expect(page.getByTestId('rf-user-id-error')).toContainText('not inactive')
  await expect(picker).toBeFocused()
  await checkScreenBoth(page, 'request-form-not-eligible')
})

test('a person chosen for one kind who does not fit another is told so at once', async ({ page }) => {
  await page.getByLabel('Remove application access', { exact: true }).check()
  await choosePerson(page, 'garcia', 'Maria Garcia')
  await page.getByLabel('Deactivation', { exact: true }).check()
  await expect(page.getByTestId('rf-user-id-error')).toHaveText(
    'Maria Garcia: This is you: you cannot end your own access. Choose someone else.',
  )
})

test('deactivation warns that access ends on submit, and needs a reason', async ({ page, app }) => {
  await page.getByLabel('Deactivation', { exact: true }).check()
  await expect(page.getByTestId('deactivation-warning')).toContainText('Access ends the moment you submit.')
  await choosePerson(page, 'rob', 'Robert Brooks')
  await page.getByRole('button', { name: 'Review request' }).click()
  await expect(page.getByLabel('Reason')).toBeFocused()
  await page.getByLabel('Reason').fill('Left the dealership on November 27.')
  await checkScreenBoth(page, 'request-form-deactivation')
  await page.getByRole('button', { name: 'Review request' }).click()
  await page.getByRole('button', { name: 'Submit and end access now' }).click()
  expect(app.callsOf('submit_request')).toEqual([
    { form: { kind: 'deactivation', user_id: 'rbrooks', reason: 'Left the dealership on November 27.' } },
  ])
  await expect(page.getByRole('heading', { name: 'Request #1052: Deactivation for rbrooks' })).toBeVisible()
})

test('removing application access offers only what the chosen person holds', async ({ page, app }) => {
  await page.getByLabel('Remove application access', { exact: true }).check()
  const choice = page.getByRole('group', { name: 'Applications to remove' })
  await expect(page.getByTestId('rf-applications-empty')).toHaveText('Choose the person first: the applications they hold show here.')
  await page.getByRole('combobox', { name: 'Person' }).click()
  await expect(page.getByRole('option', { name: /Linh Nguyen/ })).toContainText('Pending: holds no applications yet')
  await choosePerson(page, 'chen', 'James Chen')
  await expect(choice.getByRole('checkbox'), 'only what James holds').toHaveCount(2)
  await expect(choice.getByLabel('IntelliRater')).toHaveCount(0)
  await choosePerson(page, 'brooks', 'Robert Brooks')
  await expect(choice.getByRole('checkbox')).toHaveCount(3)
  await choice.getByLabel('IntelliRater').check()
  await checkScreenBoth(page, 'request-form-remove-access')
  await page.getByRole('button', { name: 'Review request' }).click()
  await expect(page.getByTestId('request-summary')).toContainText('Remove access to')
  await page.getByRole('button', { name: 'Submit request' }).click()
  expect(app.callsOf('submit_request')).toEqual([
    { form: { kind: 'remove_application_access', user_id: 'rbrooks', applications: ['intellirater'] } },
  ])
})

test('keyboard only: a person is picked by typing part of a name, the arrows and Enter', async ({ page, app }) => {
  await page.getByLabel('New user', { exact: true }).focus()
  await page.keyboard.press('ArrowRight') // Remove application access
  await page.keyboard.press('ArrowRight') // Reactivation
  await page.keyboard.press('ArrowRight') // Deactivation
  await expect(page.getByLabel('Deactivation', { exact: true })).toBeChecked()
  await page.keyboard.press('Tab')
  const picker = page.getByRole('combobox', { name: 'Person' })
  await expect(picker).toBeFocused()
  await page.keyboard.type('rob')
  await expect(picker).toHaveAttribute('aria-expanded', 'true')
  await expect(picker).not.toHaveAttribute('aria-activedescendant', /.+/)
  await page.keyboard.press('ArrowDown')
  await expect(picker).toHaveAttribute('aria-activedescendant', 'rf-user-id-option-rbrooks')
  await expect(page.locator('#rf-user-id-option-rbrooks')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')
  await expect(picker).toHaveValue('rbrooks')
  await expect(picker).toHaveAttribute('aria-expanded', 'false')
  await expect(picker, 'choosing keeps the focus in the box').toBeFocused()
  await expect(page.getByTestId('request-person')).toContainText('Robert Brooks')
  await expect(page.getByTestId('request-person')).toContainText('rbrooks · Sales manager · robert.brooks@lakeside.example · (312) 555-0177')

  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Reason')).toBeFocused()
  await page.keyboard.type('Left the dealership on November 27.')
  // Enter in the (closed) picker submits the form, as in any field.
  await picker.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Check and submit' })).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Submit and end access now' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Request #1052: Deactivation for rbrooks' })).toBeFocused()
  expect(app.callsOf('submit_request')).toEqual([
    { form: { kind: 'deactivation', user_id: 'rbrooks', reason: 'Left the dealership on November 27.' } },
  ])
})

test('keyboard only: the arrows pass the people who cannot be chosen, and a user ID typed in full is taken', async ({ page }) => {
  await page.getByLabel('Reactivation', { exact: true }).check()
  const picker = page.getByRole('combobox', { name: 'Person' })
  await picker.focus()
  await page.keyboard.press('ArrowDown')
  await expect(picker).toHaveAttribute('aria-activedescendant', 'rf-user-id-option-apatel')
  await page.keyboard.press('ArrowDown')
  // The next is listed (dimmed, with its reason, read out), but Enter does not choose it.
  await expect(picker).not.toHaveAttribute('aria-activedescendant', 'rf-user-id-option-apatel')
  await page.keyboard.press('Enter')
  await expect(picker).toHaveValue('')
  await expect(picker).toHaveAttribute('aria-expanded', 'true')
  await page.keyboard.press('Escape')
  await page.keyboard.type('APATEL')
  await page.keyboard.press('Tab')
  await expect(picker).toHaveValue('apatel')
  await expect(page.getByTestId('request-person')).toContainText('Anita Patel')
})

test('keyboard only: tab order, Enter submits, focus on the first error', async ({ page, app }) => {
  // From the kind picker, the fields come in reading order.
  await page.getByLabel('New user', { exact: true }).focus()
  const order: string[] = []
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab')
    order.push(await page.evaluate(() => document.activeElement?.id ?? ''))
  }
  expect(order).toEqual(['rf-first-name', 'rf-last-name', 'rf-email', 'rf-business-phone', 'rf-role', 'rf-user-id', 'rf-app-smartcash'])

  // Enter in a field submits the form; with problems, focus goes to the first of them.
  await page.getByLabel('First name').focus()
  await page.keyboard.type('Sara')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Last name')).toBeFocused()
  await expect(page.getByTestId('rf-last-name-error')).toHaveText('Last name is required')

  await page.keyboard.type('Lopez')
  await page.keyboard.press('Tab')
  await page.keyboard.type('sara.lopez@lakeside.example')
  await page.keyboard.press('Tab')
  await page.keyboard.type('312 555 0140')
  await page.keyboard.press('Tab')
  await page.keyboard.press('ArrowDown') // the first role, "Office manager"
  await page.keyboard.press('Tab')
  await page.keyboard.type('slopez')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Space') // SmartCash
  await page.getByLabel('User ID', { exact: true }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Check and submit' })).toBeFocused()
  // The buttons in the one order: the way back first, the primary action last (on the right).
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Back to edit' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Submit request' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Request #1052: New user for slopez' })).toBeFocused()
  const sent = app.callsOf('submit_request')[0].form as Record<string, unknown>
  expect(sent.role).toBe('office_manager')
  expect(sent.applications).toEqual(['smartcash'])
})

test('in dark mode too, the form with its errors and the deactivation warning passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByLabel('Deactivation', { exact: true }).check()
  await page.getByRole('button', { name: 'Review request' }).click()
  await expect(page.getByTestId('rf-user-id-error')).toHaveText('Choose who this request is for from the list')
  await checkScreen(page, 'request-form-dark')
})

test('in dark mode too, the person picker open passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByLabel('Remove application access', { exact: true }).check()
  await page.getByRole('combobox', { name: 'Person' }).fill('a')
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('listbox')).toBeVisible()
  await checkScreen(page, 'request-form-picker-dark')
})
