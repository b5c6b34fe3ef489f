import type { Page } from '@playwright/test'
import type { RegistrationStatus } from '../src/bindings/RegistrationStatus'
import { UNKNOWN_PDN, WRONG_CODE, applications, catalogue, emailCode, mockRegistration, registered } from './accounts'
import { CommandFailure, checkScreen, checkScreenBoth, expect, test } from './fixtures'

const password = 'copper lantern meadow violin'
const person = {
  first: 'Priya',
  last: 'Shah',
  email: 'priya.shah@lakeside.example',
  phone: '(555) 234-5678',
  userId: 'pshah',
}
const answers = ['Rex', 'Maple Street', 'Harbor Freight']

test.beforeEach(async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  mockRegistration(app)
  // Tuesday, December 1, 2026, 10:04 am ET: the day the registration is submitted.
  await page.clock.setFixedTime(new Date('2026-12-01T15:04:00Z'))
  await page.goto('/')
  await page.getByRole('button', { name: 'Register under your dealership’s PDN' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Register: your dealership’s PDN' })).toBeFocused()
})

const step = (page: Page) => page.getByTestId('register-step')
const next = (page: Page) => page.locator('form button[type="submit"]')

async function toDetails(page: Page) {
  await page.getByLabel('PDN').fill('01234')
  await page.getByRole('button', { name: 'Find my dealership' }).click()
  await page.getByRole('button', { name: 'Yes, continue' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'details')
}

async function fillDetails(page: Page) {
  await page.getByLabel('First name').fill(person.first)
  await page.getByLabel('Last name').fill(person.last)
  await page.getByLabel('Work email').fill(person.email)
  await page.getByLabel('Business phone').fill(person.phone)
  await page.getByLabel('Your role at the dealership').selectOption('finance_manager')
}

async function fillAccount(page: Page, pw = password, userId = person.userId) {
  await page.getByLabel('User ID', { exact: true }).fill(userId)
  await page.getByLabel('Password', { exact: true }).fill(pw)
  await page.getByLabel('Password again', { exact: true }).fill(pw)
}

async function fillQuestions(page: Page) {
  const picks = [catalogue[1].id, catalogue[3].id, catalogue[5].id]
  for (const [i, id] of ['reg-challenge-0', 'reg-challenge-1', 'reg-secret'].entries()) {
    await page.locator(`#${id}-question`).selectOption(picks[i])
    await page.locator(`#${id}-answer`).fill(answers[i])
  }
}

/** "Check your email": the code from the mail, and on to the user ID. */
async function confirmEmail(page: Page) {
  await expect(step(page)).toHaveAttribute('data-step', 'email')
  await page.getByLabel('Code from the email').fill(emailCode)
  await page.getByRole('button', { name: 'Confirm my email' }).click()
}

/** From the PDN step to the user ID and password, the email confirmed. */
async function toAccount(page: Page) {
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
  await confirmEmail(page)
  await expect(step(page)).toHaveAttribute('data-step', 'account')
}

/** From the PDN step to the review, every step filled in correctly. */
async function toReview(page: Page) {
  await toAccount(page)
  await fillAccount(page)
  await next(page).click()
  await fillQuestions(page)
  await next(page).click()
  await page.getByLabel(/SmartCash/).check()
  await next(page).click()
  await expect(step(page)).toHaveAttribute('data-step', 'review')
}

test('every step, a screenshot each, and the submitted request with its status', async ({ page, app }) => {
  test.setTimeout(60_000) // eight steps and ten axe checks
  await expect(page.getByRole('list', { name: 'Registration steps' }).locator('[aria-current="step"]')).toContainText('Your PDN')
  await page.getByLabel('PDN').fill('01234')
  await checkScreenBoth(page, 'register-pdn')
  await page.getByRole('button', { name: 'Find my dealership' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Is this your dealership?' })).toBeFocused()
  await expect(page.getByTestId('reg-dealer')).toContainText('Is this your dealership? Lakeside Motors (PDN 01234)')
  expect(app.callsOf('dealer_name')).toEqual([{ pdn: '01234' }])
  await checkScreenBoth(page, 'register-dealer')
  await page.getByRole('button', { name: 'Yes, continue' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeFocused()
  await fillDetails(page)
  await page.getByLabel('Your role at the dealership').selectOption('other')
  await page.getByLabel('Describe your role').fill('F&I coordinator')
  await checkScreenBoth(page, 'register-details')
  await expect(next(page)).toHaveText('Send me a code')
  await next(page).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeFocused()
  expect(app.callsOf('send_email_code')).toEqual([{ pdn: '01234', email: person.email }])
  await expect(page.getByTestId('reg-code-sent')).toContainText(`We sent a six-digit code to ${person.email}`)
  await expect(page.getByTestId('reg-code-sent')).toContainText('It works until today, 10:14 am')
  await page.getByLabel('Code from the email').fill(emailCode)
  await checkScreen(page, 'register-email')
  await page.getByRole('button', { name: 'Confirm my email' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Choose a user ID and password' })).toBeFocused()
  expect(app.callsOf('confirm_email_code')).toEqual([{ code: emailCode }])
  await fillAccount(page)
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-level', '4')
  await checkScreenBoth(page, 'register-account')
  await next(page).click()
  expect(app.callsOf('check_user_id')).toEqual([
    { check: { user_id: person.userId, first_name: person.first, last_name: person.last } },
  ])

  await expect(page.getByRole('heading', { level: 1, name: 'Choose your security questions' })).toBeFocused()
  await fillQuestions(page)
  await checkScreenBoth(page, 'register-questions')
  await next(page).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Which applications do you need?' })).toBeFocused()
  for (const a of applications) await expect(page.getByRole('checkbox', { name: a.name })).toBeVisible()
  await expect(page.getByRole('checkbox', { name: 'SmartAuction' })).toHaveAccessibleDescription(
    /Needs additional steps after approval/,
  )
  await page.getByRole('checkbox', { name: 'SmartCash' }).check()
  await page.getByRole('checkbox', { name: 'SmartAuction' }).check()
  await checkScreenBoth(page, 'register-applications')
  await next(page).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Review and submit' })).toBeFocused()
  const review = page.getByTestId('reg-review')
  await expect(review).toContainText('Lakeside Motors (PDN 01234)')
  await expect(review).toContainText('F&I coordinator')
  await expect(review).toContainText('SmartAuction — needs additional steps after approval')
  for (const secret of [password, ...answers]) await expect(review).not.toContainText(secret)
  await checkScreenBoth(page, 'register-review')
  await page.getByRole('button', { name: 'Submit registration' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Registration submitted' })).toBeFocused()
  expect(app.callsOf('register')).toEqual([
    {
      form: {
        pdn: '01234',
        first_name: person.first,
        last_name: person.last,
        email: person.email,
        business_phone: person.phone,
        role: 'other',
        role_other: 'F&I coordinator',
        user_id: person.userId,
        password,
        challenge: [
          { question: catalogue[1].id, answer: answers[0] },
          { question: catalogue[3].id, answer: answers[1] },
        ],
        secret: { question: catalogue[5].id, answer: answers[2] },
        applications: ['smartcash', 'smartauction'],
      },
    },
  ])
  await expect(page.getByTestId('reg-request-id')).toHaveText(`#${registered.request_id}`)
  await expect(page.getByTestId('reg-due')).toHaveText('tomorrow, 5 pm ET')
  await checkScreenBoth(page, 'register-submitted')

  await page.getByRole('button', { name: 'Check status' }).click()
  expect(app.callsOf('registration_status')).toEqual([{ requestId: registered.request_id }])
  await expect(page.getByRole('heading', { name: /Request #1042/ })).toContainText('In review')
  await expect(page.getByRole('list', { name: 'Registration history' })).toContainText('Review started')
  await checkScreenBoth(page, 'register-status')

  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  for (const secret of [password, ...answers]) expect(storage, 'nothing secret in web storage').not.toContain(secret)

  await page.getByRole('button', { name: 'Back to sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
})

/** Press Tab until `target` has focus (a dozen presses at most). */
async function tabTo(page: Page, target: ReturnType<Page['locator']>) {
  for (let i = 0; i < 12 && !(await target.evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab')
  }
  await expect(target).toBeFocused()
}

test('keyboard only: Enter submits each step, and a failed step puts focus on its first error', async ({ page }) => {
  test.setTimeout(90_000) // every key is pressed one by one
  const kb = page.keyboard
  // PDN: Enter with nothing typed → the error, on the focused field.
  await kb.press('Tab')
  await expect(page.getByLabel('PDN')).toBeFocused()
  await kb.press('Enter')
  await expect(page.getByLabel('PDN')).toBeFocused()
  await expect(page.getByTestId('reg-pdn-error')).toHaveText('Enter your dealership’s PDN.')
  await kb.type('01234')
  await expect(page.getByTestId('reg-pdn-error')).toHaveText('')
  await kb.press('Enter')

  // The dealership: Tab to "Yes, continue" and Enter.
  await expect(step(page)).toHaveAttribute('data-step', 'dealer')
  await kb.press('Tab')
  await kb.press('Tab')
  await expect(page.getByRole('button', { name: 'Yes, continue' })).toBeFocused()
  await kb.press('Enter')

  // Details: type the first name only and press Enter → focus on the first missing field.
  await expect(step(page)).toHaveAttribute('data-step', 'details')
  await kb.press('Tab')
  await expect(page.getByLabel('First name')).toBeFocused()
  await kb.type(person.first)
  await kb.press('Enter')
  await expect(page.getByLabel('Last name')).toBeFocused()
  await expect(page.getByLabel('Last name')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Last name')).toHaveAccessibleDescription(/Last name is required/)
  await kb.type(person.last)
  await kb.press('Tab')
  await kb.type('priya.shah@')
  await kb.press('Tab')
  await expect(page.getByTestId('reg-email-error')).toHaveText('Email address must look like name@dealership.com')
  await kb.press('Shift+Tab')
  await kb.press('End')
  await kb.type('lakeside.example')
  await expect(page.getByTestId('reg-email-error'), 'fixed as it is typed').toHaveText('')
  await kb.press('Tab')
  await kb.type('555 123 4567')
  await kb.press('Tab')
  await expect(page.getByTestId('reg-phone-error')).toContainText('Business phone must be a 10-digit')
  await kb.press('Shift+Tab') // back into the phone number, its text selected
  await kb.type(person.phone)
  await kb.press('Tab')
  await expect(page.getByLabel('Your role at the dealership')).toBeFocused()
  await kb.press('ArrowDown')
  await expect(page.getByLabel('Your role at the dealership')).toHaveValue('office_manager')
  await kb.press('Shift+Tab')
  await expect(page.getByLabel('Business phone')).toBeFocused()
  await kb.press('Enter')

  // The code from the email: Tab to it, type it, Enter.
  await expect(step(page)).toHaveAttribute('data-step', 'email')
  await kb.press('Tab')
  await expect(page.getByLabel('Code from the email')).toBeFocused()
  await kb.type(emailCode)
  await kb.press('Enter')

  // Account: Enter with a password that does not match its repeat.
  await expect(step(page)).toHaveAttribute('data-step', 'account')
  await kb.press('Tab')
  await kb.type(person.userId)
  await kb.press('Tab')
  await kb.type(password)
  await kb.press('Tab') // show/hide
  await kb.press('Tab')
  await kb.type('something else')
  await kb.press('Enter')
  await expect(page.getByLabel('Password again', { exact: true })).toBeFocused()
  await expect(page.getByTestId('reg-confirm-error')).toHaveText('This does not match the password.')
  await checkScreenBoth(page, 'register-keyboard-error')
  await kb.press('ControlOrMeta+A')
  await kb.type(password)
  await kb.press('Enter')

  // Questions: arrow keys pick from the catalogue, Enter in the last answer submits.
  await expect(step(page)).toHaveAttribute('data-step', 'questions')
  const pick = async (downs: number, answer: string) => {
    await kb.press('Tab')
    for (let i = 0; i < downs; i++) await kb.press('ArrowDown')
    await kb.press('Tab')
    await kb.type(answer)
  }
  await pick(1, answers[0])
  await pick(2, answers[1])
  await pick(3, answers[2])
  await kb.press('Enter')

  // Applications: Space ticks one, then Tab on to Continue and Enter.
  await expect(step(page)).toHaveAttribute('data-step', 'applications')
  await kb.press('Tab')
  await expect(page.getByRole('checkbox', { name: 'SmartCash' })).toBeFocused()
  await kb.press('Space')
  await tabTo(page, page.getByRole('button', { name: 'Continue' }))
  await kb.press('Enter')

  // Review: Tab to Submit and Enter.
  await expect(step(page)).toHaveAttribute('data-step', 'review')
  await tabTo(page, page.getByRole('button', { name: 'Submit registration' }))
  await kb.press('Enter')
  await expect(step(page)).toHaveAttribute('data-step', 'submitted')
})

test('an unknown PDN shows the portal’s message on the field', async ({ page }) => {
  await page.getByLabel('PDN').fill('1234')
  await page.getByLabel('PDN').blur()
  await expect(page.getByTestId('reg-pdn-error')).toHaveText('PDN must be exactly five digits, for example 01234')
  await page.getByLabel('PDN').fill('09999')
  await page.getByRole('button', { name: 'Find my dealership' }).click()
  const pdn = page.getByLabel('PDN')
  await expect(page.getByTestId('reg-pdn-error')).toHaveText(UNKNOWN_PDN)
  await expect(pdn).toBeFocused()
  await expect(pdn).toHaveAttribute('aria-invalid', 'true')
  await expect(pdn).toHaveAccessibleDescription(UNKNOWN_PDN)
  await checkScreenBoth(page, 'register-unknown-pdn')
  await pdn.fill('01234')
  await expect(page.getByTestId('reg-pdn-error'), 'the portal’s message goes once the PDN changes').toHaveText('')
})

test('the portal’s field errors go to their steps and fields, first one focused', async ({ page, app }) => {
  await toReview(page)
  app.on('register', () => {
    throw new CommandFailure('invalid_form', 'Please correct: email: …; challenge.1.answer: …', {
      fields: [
        { field: 'email', message: 'This email domain does not accept mail.' },
        { field: 'challenge.1.answer', message: 'This answer is too easy to guess. Choose another.' },
      ],
    })
  })
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'details')
  const email = page.getByLabel('Work email')
  await expect(email).toBeFocused()
  await expect(page.getByTestId('reg-email-error')).toHaveText('This email domain does not accept mail.')
  await expect(page.getByTestId('register-error')).toHaveRole('alert')
  await expect(page.getByTestId('register-error')).toContainText('2 problems')
  await checkScreenBoth(page, 'register-portal-errors')

  await email.fill('priya@lakeside.example')
  await page.getByRole('button', { name: 'Send me a code' }).click()
  await confirmEmail(page)
  await expect(step(page), 'a new address is confirmed, then on to the next step the portal found fault with').toHaveAttribute(
    'data-step',
    'questions',
  )
  await expect(page.getByTestId('reg-challenge-1-answer-error')).toHaveText('This answer is too easy to guess. Choose another.')
  await page.locator('#reg-challenge-1-answer').fill('Birch Lane')
  app.on('register', () => registered)
  await page.getByRole('button', { name: 'Back to review' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'review')
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'submitted')
})

test('a taken user ID offers free ones in one click, once the email is confirmed', async ({ page, app }) => {
  await toAccount(page)
  await fillAccount(page, password, 'mgarcia')
  await next(page).click()

  await expect(step(page), 'a taken user ID stops the step').toHaveAttribute('data-step', 'account')
  await expect(page.getByLabel('User ID', { exact: true })).toBeFocused()
  await expect(page.getByTestId('reg-user-id-error')).toHaveText('The user ID mgarcia is already taken.')
  await checkScreenBoth(page, 'register-user-id-taken')
  await page.getByRole('button', { name: 'Use mgarcia2' }).click()
  await expect(page.getByLabel('User ID', { exact: true })).toHaveValue('mgarcia2')
  await expect(page.getByLabel('User ID', { exact: true })).toBeFocused()
  await expect(page.getByTestId('reg-user-id-error')).toHaveText('')
  await next(page).click()
  await expect(step(page)).toHaveAttribute('data-step', 'questions')
  expect(app.callsOf('check_user_id').map((c) => (c.check as { user_id: string }).user_id)).toEqual(['mgarcia', 'mgarcia2'])
})

test('taken by someone else meanwhile: the submit sends the user ID back with free ones', async ({ page, app }) => {
  await toReview(page)
  app.on('register', () => {
    throw new CommandFailure('user_id_taken', `The user ID ${person.userId} is already taken.`, {
      suggestions: ['pshah2', 'priya.shah'],
    })
  })
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'account')
  await expect(page.getByTestId('reg-user-id-error')).toHaveText('The user ID pshah is already taken.')
  await page.getByRole('button', { name: 'Use priya.shah' }).click()
  app.on('register', () => registered)
  await page.getByRole('button', { name: 'Back to review' }).click()
  await expect(page.getByTestId('rv-user-id')).toHaveText('priya.shah')
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'submitted')
})

test('a wrong code says so on its field; a new code can be sent; the address can be changed', async ({ page, app }) => {
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
  const code = page.getByLabel('Code from the email')
  await code.fill('12345')
  await next(page).click()
  await expect(page.getByTestId('reg-code-error')).toHaveText('The code is six digits, for example 042917.')
  await expect(app.callsOf('confirm_email_code'), 'a code of the wrong shape is not sent').toEqual([])
  await code.fill('123456')
  await next(page).click()
  await expect(code).toBeFocused()
  await expect(page.getByTestId('reg-code-error')).toHaveText(WRONG_CODE)
  await checkScreenBoth(page, 'register-email-wrong-code')

  await page.getByRole('button', { name: 'Send a new code' }).click()
  await expect(page.getByTestId('reg-code-notice')).toHaveText(
    `A new code is on its way to ${person.email}. The one before no longer works.`,
  )
  await expect(code).toBeFocused()
  await expect(code).toHaveValue('')
  expect(app.callsOf('send_email_code')).toHaveLength(2)

  await page.getByRole('button', { name: 'Use another email address' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'details')
  await page.getByLabel('Work email').fill('priya@lakeside.example')
  await next(page).click()
  await expect(page.getByTestId('reg-code-sent')).toContainText('priya@lakeside.example')
  await confirmEmail(page)
  await expect(step(page)).toHaveAttribute('data-step', 'account')

  // Back (past the code, which is done) to the details and on again with the same,
  // confirmed address: no new code.
  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'details')
  await expect(next(page)).toHaveText('Continue')
  await next(page).click()
  await expect(step(page)).toHaveAttribute('data-step', 'account')
  expect(app.callsOf('send_email_code')).toHaveLength(3)
})

test('a confirmation that ran out before the submit asks for a new code, then submits', async ({ page, app }) => {
  await toReview(page)
  app.on('register', () => {
    throw new CommandFailure(
      'email_not_confirmed',
      'Confirm your email address first: ask for a code, then enter the code from the mail. A confirmed address stays confirmed for an hour.',
    )
  })
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'email')
  await expect(page.getByTestId('register-error')).toContainText('Confirm your email address first')
  app.on('register', () => registered)
  await page.getByRole('button', { name: 'Send a new code' }).click()
  await confirmEmail(page)
  await expect(step(page), 'back to the review, nothing retyped').toHaveAttribute('data-step', 'review')
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'submitted')
})

test('a weak password comes back to its field, and the meter says the portal refused it', async ({ page }) => {
  await toAccount(page)
  await fillAccount(page, 'short pass')
  await next(page).click()
  await fillQuestions(page)
  await next(page).click()
  await page.getByLabel(/SmartCash/).check()
  await next(page).click()
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'account')
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('reg-password-error')).toContainText('too short (10 characters)')
  await expect(page.getByTestId('password-strength')).toContainText('Refused')
})

test('questions must all differ, answers need three characters, and an application must be picked', async ({ page }) => {
  await toAccount(page)
  await fillAccount(page)
  await next(page).click()
  await page.locator('#reg-challenge-0-question').selectOption(catalogue[0].id)
  await page.locator('#reg-challenge-1-question').selectOption(catalogue[0].id)
  await page.locator('#reg-challenge-0-answer').fill('ab')
  await next(page).click()
  await expect(page.locator('#reg-challenge-0-answer')).toBeFocused()
  await expect(page.getByTestId('reg-challenge-0-answer-error')).toContainText('too short')
  await expect(page.getByTestId('reg-challenge-1-question-error')).toHaveText('Pick a question different from the first one.')
  await expect(page.getByTestId('reg-secret-question-error')).toHaveText('Choose a question.')
  await checkScreenBoth(page, 'register-questions-errors')
  await fillQuestions(page)
  await next(page).click()
  await next(page).click()
  await expect(page.getByRole('checkbox', { name: 'SmartCash' })).toBeFocused()
  await expect(page.getByTestId('reg-applications-error')).toHaveText('Choose at least one application.')
})

test('the questions and applications load, or say why not and try again', async ({ page, app }) => {
  let fail = true
  app.on('question_catalogue', () => {
    if (fail) throw new CommandFailure('unreachable', 'The portal at https://portal.example cannot be reached.')
    return catalogue
  })
  // The catalogue is read when the wizard opens: open it again with the failure in place.
  await page.getByRole('button', { name: 'Back to sign in' }).click()
  await page.getByRole('button', { name: 'Register under your dealership’s PDN' }).click()
  await toAccount(page)
  await fillAccount(page)
  await next(page).click()
  // The step says so, and so does the app-wide banner about the portal.
  await expect(page.locator('main').getByRole('alert')).toContainText('cannot be reached')
  await expect(page.getByTestId('portal-banner')).toBeVisible()
  await checkScreenBoth(page, 'register-questions-failed')
  fail = false
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(page.locator('#reg-challenge-0-question')).toBeVisible()
})

test('leaving after typing asks first; nothing is kept', async ({ page }) => {
  await toDetails(page)
  await page.getByLabel('First name').fill(person.first)
  await page.getByRole('button', { name: 'Back to sign in' }).click()
  const dialog = page.getByRole('dialog', { name: 'Leave the registration?' })
  await expect(dialog).toBeVisible()
  await checkScreenBoth(page, 'register-leave')
  await dialog.getByRole('button', { name: 'Leave without saving' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  await page.getByRole('button', { name: 'Register under your dealership’s PDN' }).click()
  await expect(page.getByLabel('PDN')).toHaveValue('')
})

test('in dark mode too, a step with errors passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await toDetails(page)
  await next(page).click()
  await expect(page.getByLabel('First name')).toBeFocused()
  await checkScreen(page, 'register-dark')
})

test('in dark mode too, the email step with a refused code and the no-mail notice pass axe', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
  await page.getByLabel('Code from the email').fill('123456')
  await next(page).click()
  await expect(page.getByTestId('reg-code-error')).toHaveText(WRONG_CODE)
  await checkScreen(page, 'register-email-dark')
  app.on('mail_ready', () => false)
  await page.getByRole('button', { name: 'Back to sign in' }).click()
  await page.getByRole('dialog', { name: 'Leave the registration?' }).getByRole('button', { name: 'Leave without saving' }).click()
  await page.getByRole('button', { name: 'Register under your dealership’s PDN' }).click()
  await expect(page.getByTestId('reg-no-mail')).toBeVisible()
  await checkScreen(page, 'register-no-mail-dark')
})

test('a portal that cannot send mail says before anything is typed that registering here is not possible', async ({ page, app }) => {
  app.on('mail_ready', () => false)
  // The wizard asks when it opens: open it again with no mail.
  await page.getByRole('button', { name: 'Back to sign in' }).click()
  await page.getByRole('button', { name: 'Register under your dealership’s PDN' }).click()
  await expect(page.getByTestId('reg-no-mail')).toContainText('This portal cannot send email yet')
  await expect(page.getByTestId('reg-no-mail')).toContainText('Ask your office manager to add you')
  await checkScreen(page, 'register-no-mail')
  await page.getByLabel('PDN').fill('01234')
  await page.getByRole('button', { name: 'Find my dealership' }).click()
  await page.getByRole('button', { name: 'Yes, continue' }).click()
  await expect(next(page), 'nothing can be sent without a code').toBeDisabled()
})

test('mail that stopped working after the wizard opened is said on the details step', async ({ page, app }) => {
  app.on('send_email_code', () => {
    throw new CommandFailure(
      'mail_unavailable',
      'This portal cannot send email yet, so you cannot register yourself here. Ask your office manager to add you, or to set up mail.',
    )
  })
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
  await expect(step(page)).toHaveAttribute('data-step', 'details')
  await expect(page.getByTestId('register-error')).toContainText('cannot send email yet')
  await expect(page.getByTestId('reg-no-mail')).toBeVisible()
})

test('a registration kept on this computer is followed after a restart: the reviewer’s question answered, then cancelled', async ({ page, app }) => {
  await page.clock.setFixedTime(new Date('2026-12-01T17:00:00Z'))
  mockRegistration(app)
  app.on('kept_registrations', () => [{ request_id: 1042, user_id: 'pshah', portal: 'localhost', due_at: registered.due_at }])
  const status = (state: RegistrationStatus['state'], extra: RegistrationStatus['history'] = []): RegistrationStatus => ({
    request_id: 1042,
    user_id: 'pshah',
    dealership_name: 'Lakeside Motors',
    state,
    due_at: registered.due_at,
    overdue: false,
    history: [
      { at: '2026-12-01T15:04:00Z', actor: null, action: 'submit', from: null, to: 'submitted', note: null },
      { at: '2026-12-01T16:30:00Z', actor: 'reviewer.sam', action: 'request_info', from: 'in_review', to: 'needs_info', note: 'Which store do you work at, Lakeside North or South?' },
      ...extra,
    ],
  })
  app.on('registration_status', () => status('needs_info'))
  app.on('answer_registration', (args) =>
    status('submitted', [{ at: '2026-12-01T17:00:00Z', actor: null, action: 'answer_info', from: 'needs_info', to: 'submitted', note: String(args.note) }]),
  )
  app.on('cancel_registration', () => status('cancelled'))
  await page.goto('/')
  const kept = page.getByTestId('kept-registrations')
  await expect(kept).toContainText('Your registration #1042 as pshah')
  await kept.getByRole('button', { name: 'Check where it stands' }).click()
  await expect(page.getByRole('heading', { name: 'Your registration as pshah', level: 1 })).toBeFocused()
  await expect(page.getByTestId('reg-question')).toHaveText('Which store do you work at, Lakeside North or South?')
  await expect(page.getByTestId('reg-mail-promise')).toContainText('You can close the app')
  await checkScreenBoth(page, 'register-reopened')
  await page.getByLabel('Your answer').fill('Lakeside South, in the finance office.')
  await page.getByRole('button', { name: 'Send answer' }).click()
  await expect(page.getByRole('heading', { name: /Request #1042/ })).toContainText('Submitted')
  expect(app.callsOf('answer_registration')).toEqual([{ requestId: 1042, note: 'Lakeside South, in the finance office.' }])

  await page.getByRole('button', { name: 'Cancel my registration…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Cancel your registration?' })
  await expect(dialog.getByRole('button', { name: 'Keep it' }), 'the safe choice is the default').toBeFocused()
  await dialog.getByRole('button', { name: 'Cancel my registration' }).click()
  await expect(page.getByRole('heading', { name: /Request #1042/ })).toContainText('Cancelled')
  await expect(page.getByTestId('reg-cancel'), 'nothing left to cancel').toHaveCount(0)
  expect(app.callsOf('cancel_registration')).toEqual([{ requestId: 1042 }])
})
