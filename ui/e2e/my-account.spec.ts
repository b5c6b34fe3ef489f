// My account's self-service: changing my password (the current one required, the portal's
// reasons on their fields, other computers signed out) and my security questions (all three
// different, the current password required, answers never shown back), by mouse and by
// keyboard alone.
import { catalogue, weakPassword } from './accounts'
import { CommandFailure, checkScreenBoth, expect, manager, managerPassword, openUserMenu, test, type MockApp } from './fixtures'
import { openSignedIn } from './requests-data'
import type { Page } from '@playwright/test'

const newPassword = 'harbor quilt meadow lantern'
/** The code the fake portal "mails" to a new address. */
const mailedCode = '602914'
const wrongPassword = new CommandFailure(
  'wrong_password',
  'The current password is not right. After 4 more failed attempts online access is locked and only the help desk can unlock it.',
)

function mockMyAccount(app: MockApp) {
  app.on('question_catalogue', () => catalogue)
  app.on('change_password', (args) => {
    if (args.currentPassword !== managerPassword) throw wrongPassword
    if (args.newPassword === args.currentPassword) {
      throw new CommandFailure('password_unchanged', 'The new password is the same as the current one. Choose a new password.')
    }
    const weak = weakPassword(String(args.newPassword))
    if (weak) throw weak
    return null
  })
  let waiting: string | null = null
  app.on('start_email_change', (args) => {
    if (args.currentPassword !== managerPassword) throw wrongPassword
    waiting = String(args.newEmail).trim().toLowerCase()
    return { email: waiting, expires_at: '2026-11-30T14:10:00Z' }
  })
  app.on('confirm_email_change', (args) => {
    if (!waiting || String(args.code).replace(/\D/g, '') !== mailedCode) {
      throw new CommandFailure('wrong_code', 'That code is not right, or it no longer works. Check the latest mail at your new address, or ask for a new code.')
    }
    const email = waiting
    waiting = null
    return { ...manager, email }
  })
  app.on('change_phone', (args) => ({ ...manager, phone: args.phone ? '+13135550123' : null }))
  app.on('set_questions', (args) => {
    if (args.form.current_password !== managerPassword) throw wrongPassword
    const picked = [args.form.challenge[0].question, args.form.challenge[1].question, args.form.secret.question]
    if (new Set(picked).size !== 3) {
      throw new CommandFailure('duplicate_questions', 'Choose three different questions.')
    }
    return null
  })
}

async function openMyAccount(page: Page, app: MockApp) {
  mockMyAccount(app)
  await openSignedIn(page, app, manager)
  await openUserMenu(page).then((panel) => panel.getByRole('button', { name: 'My account' }).click())
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeFocused()
}

test('I change my password with the current one; the other computers are signed out', async ({ page, app }) => {
  await openMyAccount(page, app)
  const card = page.getByRole('region', { name: 'Password' })
  await card.getByRole('button', { name: 'Change password' }).click()
  await expect(card.getByLabel('Current password', { exact: true }), 'the form opens at its first field').toBeFocused()
  const rules = card.getByTestId('password-rules').getByRole('listitem')
  await expect(rules, 'the rules are shown before anything is typed').toHaveText([
    /At least 15 characters: not yet$/,
    /Not your user ID: not yet$/,
    /Not a common password: not yet$/,
  ])
  await card.getByLabel('Current password', { exact: true }).fill(managerPassword)
  await card.getByLabel('New password', { exact: true }).fill('mgarcia password')
  await expect(rules).toHaveText([/At least 15 characters: met$/, /Not your user ID: not yet$/, /Not a common password: not yet$/])
  await card.getByLabel('New password', { exact: true }).fill(newPassword)
  await expect(rules, 'each ticks as it is met').toHaveText([
    /At least 15 characters: met$/,
    /Not your user ID: met$/,
    /Not a common password: met$/,
  ])
  await card.getByLabel('New password again', { exact: true }).fill(newPassword)
  await expect(card.getByTestId('password-strength')).toHaveAttribute('data-level', '4')
  await checkScreenBoth(page, 'my-account-password')
  await card.getByRole('button', { name: 'Change password' }).click()
  await expect(card.getByTestId('password-changed')).toBeFocused()
  await expect(card.getByTestId('password-changed')).toContainText('signed out on every other computer')
  expect(app.callsOf('change_password')).toEqual([{ currentPassword: managerPassword, newPassword }])
  await expect(card.getByLabel('Current password', { exact: true }), 'the form closes, emptied').toHaveCount(0)
})

test('a wrong current password, a weak or unchanged new one: each on its field, focused', async ({ page, app }) => {
  await openMyAccount(page, app)
  const card = page.getByRole('region', { name: 'Password' })
  await card.getByRole('button', { name: 'Change password' }).click()
  await card.getByRole('button', { name: 'Change password' }).click()
  await expect(card.getByLabel('Current password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('account-current-password-error')).toHaveText('Enter your current password.')

  await card.getByLabel('Current password', { exact: true }).fill('not it at all')
  await card.getByLabel('New password', { exact: true }).fill(newPassword)
  await card.getByLabel('New password again', { exact: true }).fill(newPassword)
  await card.getByRole('button', { name: 'Change password' }).click()
  await expect(card.getByLabel('Current password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('account-current-password-error')).toContainText('The current password is not right')

  await card.getByLabel('Current password', { exact: true }).fill(managerPassword)
  await card.getByLabel('New password', { exact: true }).fill('tiny pass')
  await card.getByLabel('New password again', { exact: true }).fill('tiny pass')
  await card.getByRole('button', { name: 'Change password' }).click()
  await expect(card.getByLabel('New password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('account-change-new-password-error')).toContainText('too short')
  await expect(card.getByTestId('password-strength')).toContainText('Refused')

  await card.getByRole('button', { name: 'Cancel' }).click()
  await expect(card.getByRole('button', { name: 'Change password' })).toBeVisible()
  expect(app.callsOf('change_password')).toHaveLength(2)
})

test('a lock by wrong current passwords ends the session: back to sign in', async ({ page, app }) => {
  await openMyAccount(page, app)
  app.on('change_password', () => {
    throw new CommandFailure(
      'locked',
      'The current password was not right 5 times, so online access is now locked and you are signed out. Only the help desk can unlock it.',
    )
  })
  const card = page.getByRole('region', { name: 'Password' })
  await card.getByRole('button', { name: 'Change password' }).click()
  await card.getByLabel('Current password', { exact: true }).fill('wrong again')
  await card.getByLabel('New password', { exact: true }).fill(newPassword)
  await card.getByLabel('New password again', { exact: true }).fill(newPassword)
  await card.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByTestId('account-change-password-error')).toHaveAttribute('data-code', 'locked')
  await expect(page.getByTestId('account-change-password-error')).toBeFocused()
  await card.getByRole('button', { name: 'Back to sign in' }).click()
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
})

test('I replace my security questions; the same question twice is refused on its field', async ({ page, app }) => {
  await openMyAccount(page, app)
  const card = page.getByRole('region', { name: 'Security questions' })
  await card.getByRole('button', { name: 'Change questions' }).click()
  const slot = (name: string) => card.getByRole('group', { name })
  await slot('Challenge question 1').getByLabel('Question').selectOption('first_car_model')
  await slot('Challenge question 1').getByLabel('Answer').fill('Ford Escort')
  await slot('Challenge question 2').getByLabel('Question').selectOption('first_pet_name')
  await slot('Challenge question 2').getByLabel('Answer').fill('Biscuit')
  await slot('Help-desk secret question').getByLabel('Question').selectOption('first_pet_name')
  await slot('Help-desk secret question').getByLabel('Answer').fill('Juniper')
  await card.getByLabel('Current password', { exact: true }).fill(managerPassword)
  await card.getByRole('button', { name: 'Save questions' }).click()
  await expect(slot('Help-desk secret question').getByLabel('Question'), 'the repeated question, focused').toBeFocused()
  await expect(card).toContainText('Pick a secret question different from both challenge questions.')
  expect(app.callsOf('set_questions'), 'refused before it was sent').toEqual([])

  await slot('Help-desk secret question').getByLabel('Question').selectOption('elementary_school')
  await checkScreenBoth(page, 'my-account-questions')
  await card.getByRole('button', { name: 'Save questions' }).click()
  await expect(card.getByTestId('questions-changed')).toBeFocused()
  expect(app.callsOf('set_questions')).toEqual([
    {
      form: {
        current_password: managerPassword,
        challenge: [
          { question: 'first_car_model', answer: 'Ford Escort' },
          { question: 'first_pet_name', answer: 'Biscuit' },
        ],
        secret: { question: 'elementary_school', answer: 'Juniper' },
      },
    },
  ])
  await card.getByRole('button', { name: 'Change questions' }).click()
  await expect(slot('Challenge question 1').getByLabel('Answer'), 'answers are never shown back').toHaveValue('')
})

test('keyboard only: from the user menu to a changed password', async ({ page, app }) => {
  mockMyAccount(app)
  await openSignedIn(page, app, manager)
  await page.getByTestId('user-menu').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'My account' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'My account', level: 1 })).toBeFocused()
  const card = page.getByRole('region', { name: 'Password' })
  const opener = card.getByRole('button', { name: 'Change password' })
  for (let i = 0; i < 20 && !(await opener.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab')
  }
  await expect(opener).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(card.getByLabel('Current password', { exact: true })).toBeFocused()
  await page.keyboard.type(managerPassword)
  await page.keyboard.press('Tab') // Show
  await page.keyboard.press('Tab')
  await expect(card.getByLabel('New password', { exact: true })).toBeFocused()
  await page.keyboard.type(newPassword)
  await page.keyboard.press('Tab') // Show
  await page.keyboard.press('Tab')
  await expect(card.getByLabel('New password again', { exact: true })).toBeFocused()
  await page.keyboard.type(newPassword)
  await page.keyboard.press('Enter')
  await expect(card.getByTestId('password-changed')).toBeFocused()
  expect(app.callsOf('change_password')).toEqual([{ currentPassword: managerPassword, newPassword }])
})

test('my email changes with the code sent to the new address; my phone at once', async ({ page, app }) => {
  await openMyAccount(page, app)
  const card = page.getByRole('region', { name: 'Contact details' })
  await expect(card.getByTestId('contact-email')).toHaveText('maria.garcia@lakeside.example')
  await expect(card.getByTestId('contact-phone-number')).toHaveText('(312) 555-0100')
  await card.getByRole('button', { name: 'Change email' }).click()
  await expect(card.getByLabel('New email address'), 'the form opens at its first field').toBeFocused()
  await card.getByLabel('New email address').fill('maria@lakeside.example')
  await card.getByLabel('Current password', { exact: true }).fill(managerPassword)
  await card.getByRole('button', { name: 'Send code' }).click()
  await expect(card.getByTestId('code-sent')).toContainText('We sent a code to maria@lakeside.example')
  await expect(card.getByLabel('Code from the email')).toBeFocused()
  expect(app.callsOf('start_email_change')).toEqual([{ newEmail: 'maria@lakeside.example', currentPassword: managerPassword }])

  await card.getByLabel('Code from the email').fill('111111')
  await card.getByRole('button', { name: 'Change email' }).click()
  await expect(card.getByLabel('Code from the email')).toBeFocused()
  await expect(page.getByTestId('contact-code-error')).toContainText('That code is not right')
  await checkScreenBoth(page, 'my-account-email-code')
  await card.getByLabel('Code from the email').fill('602 914')
  await card.getByRole('button', { name: 'Change email' }).click()
  await expect(card.getByTestId('contact-changed')).toBeFocused()
  await expect(card.getByTestId('contact-changed')).toHaveText(
    'Email changed to maria@lakeside.example. We told your old address. Your office manager was told.',
  )
  await expect(card.getByTestId('contact-email')).toHaveText('maria@lakeside.example')

  await card.getByRole('button', { name: 'Change phone' }).click()
  await expect(card.getByLabel('Business phone')).toHaveValue('(312) 555-0100')
  await card.getByLabel('Business phone').fill('555')
  await card.getByRole('button', { name: 'Save phone' }).click()
  await expect(card.getByLabel('Business phone'), 'checked before it is sent').toBeFocused()
  expect(app.callsOf('change_phone')).toEqual([])
  await card.getByLabel('Business phone').fill('(313) 555-0123')
  await card.getByRole('button', { name: 'Save phone' }).click()
  await expect(card.getByTestId('contact-changed')).toContainText('Business phone changed.')
  await expect(card.getByTestId('contact-phone-number')).toHaveText('(313) 555-0123')
  expect(app.callsOf('change_phone')).toEqual([{ phone: '(313) 555-0123' }])
})

test('a wrong current password stops the email change on its field', async ({ page, app }) => {
  await openMyAccount(page, app)
  const card = page.getByRole('region', { name: 'Contact details' })
  await card.getByRole('button', { name: 'Change email' }).click()
  await card.getByRole('button', { name: 'Send code' }).click()
  await expect(card.getByLabel('New email address')).toBeFocused()
  await card.getByLabel('New email address').fill('maria@lakeside.example')
  await card.getByLabel('Current password', { exact: true }).fill('not it')
  await card.getByRole('button', { name: 'Send code' }).click()
  await expect(card.getByLabel('Current password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('contact-current-password-error')).toContainText('The current password is not right')
  await card.getByRole('button', { name: 'Cancel' }).click()
  await expect(card.getByTestId('contact-email')).toHaveText('maria.garcia@lakeside.example')
})
