import type { Page } from '@playwright/test'
import { UNKNOWN_PDN, applications, catalogue, mockRegistration, registered } from './accounts'
import { CommandFailure, checkScreen, expect, test } from './fixtures'

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

/** From the PDN step to the review, every step filled in correctly. */
async function toReview(page: Page) {
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
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
  await checkScreen(page, 'register-pdn')
  await page.getByRole('button', { name: 'Find my dealership' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Is this your dealership?' })).toBeFocused()
  await expect(page.getByTestId('reg-dealer')).toContainText('Is this your dealership? Lakeside Motors (PDN 01234)')
  expect(app.callsOf('dealer_name')).toEqual([{ pdn: '01234' }])
  await checkScreen(page, 'register-dealer')
  await page.getByRole('button', { name: 'Yes, continue' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeFocused()
  await fillDetails(page)
  await page.getByLabel('Your role at the dealership').selectOption('other')
  await page.getByLabel('Describe your role').fill('F&I coordinator')
  await checkScreen(page, 'register-details')
  await next(page).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Choose a user ID and password' })).toBeFocused()
  await fillAccount(page)
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-level', '4')
  await checkScreen(page, 'register-account')
  await next(page).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Choose your security questions' })).toBeFocused()
  await fillQuestions(page)
  await checkScreen(page, 'register-questions')
  await next(page).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Which applications do you need?' })).toBeFocused()
  for (const a of applications) await expect(page.getByRole('checkbox', { name: a.name })).toBeVisible()
  await expect(page.getByRole('checkbox', { name: 'SmartAuction' })).toHaveAccessibleDescription(
    /Needs additional steps after approval/,
  )
  await page.getByRole('checkbox', { name: 'SmartCash' }).check()
  await page.getByRole('checkbox', { name: 'SmartAuction' }).check()
  await checkScreen(page, 'register-applications')
  await next(page).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Review and submit' })).toBeFocused()
  const review = page.getByTestId('reg-review')
  await expect(review).toContainText('Lakeside Motors (PDN 01234)')
  await expect(review).toContainText('F&I coordinator')
  await expect(review).toContainText('SmartAuction — needs additional steps after approval')
  for (const secret of [password, ...answers]) await expect(review).not.toContainText(secret)
  await checkScreen(page, 'register-review')
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
  await checkScreen(page, 'register-submitted')

  await page.getByRole('button', { name: 'Check status' }).click()
  expect(app.callsOf('registration_status')).toEqual([{ requestId: registered.request_id }])
  await expect(page.getByRole('heading', { name: /Request #1042/ })).toContainText('In review')
  await expect(page.getByRole('list', { name: 'Registration history' })).toContainText('Review started')
  await checkScreen(page, 'register-status')

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
  await checkScreen(page, 'register-keyboard-error')
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
  await checkScreen(page, 'register-unknown-pdn')
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
  await checkScreen(page, 'register-portal-errors')

  await email.fill('priya@lakeside-motors.example')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(step(page), 'on to the next step the portal found fault with').toHaveAttribute('data-step', 'questions')
  await expect(page.getByTestId('reg-challenge-1-answer-error')).toHaveText('This answer is too easy to guess. Choose another.')
  await page.locator('#reg-challenge-1-answer').fill('Birch Lane')
  app.on('register', () => registered)
  await page.getByRole('button', { name: 'Back to review' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'review')
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'submitted')
})

test('a taken user ID offers free ones in one click', async ({ page }) => {
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
  await fillAccount(page, password, 'mgarcia')
  await next(page).click()
  await fillQuestions(page)
  await next(page).click()
  await page.getByLabel(/SmartCash/).check()
  await next(page).click()
  await page.getByRole('button', { name: 'Submit registration' }).click()

  await expect(step(page)).toHaveAttribute('data-step', 'account')
  await expect(page.getByLabel('User ID', { exact: true })).toBeFocused()
  await expect(page.getByTestId('reg-user-id-error')).toHaveText('The user ID mgarcia is already taken.')
  await checkScreen(page, 'register-user-id-taken')
  await page.getByRole('button', { name: 'Use mgarcia2' }).click()
  await expect(page.getByLabel('User ID', { exact: true })).toHaveValue('mgarcia2')
  await expect(page.getByLabel('User ID', { exact: true })).toBeFocused()
  await expect(page.getByTestId('reg-user-id-error')).toHaveText('')
  await page.getByRole('button', { name: 'Back to review' }).click()
  await expect(page.getByTestId('rv-user-id')).toHaveText('mgarcia2')
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(step(page)).toHaveAttribute('data-step', 'submitted')
})

test('a weak password comes back to its field, and the meter says the portal refused it', async ({ page }) => {
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
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
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
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
  await checkScreen(page, 'register-questions-errors')
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
  await toDetails(page)
  await fillDetails(page)
  await next(page).click()
  await fillAccount(page)
  await next(page).click()
  // The step says so, and so does the app-wide banner about the portal.
  await expect(page.locator('main').getByRole('alert')).toContainText('cannot be reached')
  await expect(page.getByTestId('portal-banner')).toBeVisible()
  await checkScreen(page, 'register-questions-failed')
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
  await checkScreen(page, 'register-leave')
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

test('on a computer whose own portal has no mail set up, the confirmation email is not promised', async ({ page, app }) => {
  app.on('mail_ready', () => false)
  await toReview(page)
  await page.getByRole('button', { name: 'Submit registration' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Registration submitted' })).toBeFocused()
  await expect(page.getByTestId('reg-mail-promise')).toContainText('is sent once your office manager sets up mail')
  await expect(page.getByTestId('reg-mail-promise')).not.toContainText('We email')
})
