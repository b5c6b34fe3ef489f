import type { Page } from '@playwright/test'
import { catalogue, enrollmentCode, mockEnrollment } from './accounts'
import { checkScreenBoth, expect, test } from './fixtures'

const password = 'orchid tractor saffron piano'
const answers = ['Rex', 'Maple Street', 'Harbor Freight']

test.beforeEach(async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  mockEnrollment(app)
  await page.goto('/')
  await page.getByRole('button', { name: 'I have an enrollment code' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Enroll with your code' })).toBeFocused()
})

async function fillCode(page: Page, code = enrollmentCode) {
  await page.getByLabel('User ID').fill('tnguyen')
  await page.getByLabel('Enrollment code').fill(code)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Choose your password and questions' })).toBeFocused()
}

async function fillPasswordAndQuestions(page: Page, pw = password) {
  await page.getByLabel('New password', { exact: true }).fill(pw)
  await page.getByLabel('New password again', { exact: true }).fill(pw)
  const picks = [catalogue[0].id, catalogue[2].id, catalogue[4].id]
  for (const [i, id] of ['enroll-challenge-0', 'enroll-challenge-1', 'enroll-secret'].entries()) {
    await page.locator(`#${id}-question`).selectOption(picks[i])
    await page.locator(`#${id}-answer`).fill(answers[i])
  }
}

test('user ID and code, then password and questions, then sign in with the user ID filled in', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByLabel('User ID')).toBeFocused()
  await expect(page.getByTestId('enroll-code-error')).toHaveText('Enter the enrollment code from your email.')
  await fillCode(page)
  await fillPasswordAndQuestions(page)
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-level', '4')
  await checkScreenBoth(page, 'enroll')
  await page.getByRole('button', { name: 'Enroll' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'You are enrolled' })).toBeFocused()
  expect(app.callsOf('enroll')).toEqual([
    {
      form: {
        user_id: 'tnguyen',
        code: enrollmentCode,
        password,
        challenge: [
          { question: catalogue[0].id, answer: answers[0] },
          { question: catalogue[2].id, answer: answers[1] },
        ],
        secret: { question: catalogue[4].id, answer: answers[2] },
      },
    },
  ])
  await checkScreenBoth(page, 'enroll-done')
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  for (const secret of [password, enrollmentCode, ...answers]) expect(storage, 'nothing secret in web storage').not.toContain(secret)

  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  await expect(page.getByLabel('User ID')).toHaveValue('tnguyen')
})

test('a wrong code goes back to the code, with the portal’s message on it', async ({ page }) => {
  await fillCode(page, 'WRONG-CODE')
  await fillPasswordAndQuestions(page)
  await page.getByRole('button', { name: 'Enroll' }).click()
  const code = page.getByLabel('Enrollment code')
  await expect(code).toBeFocused()
  await expect(code).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('enroll-code-error')).toContainText('do not match, the code was used already, or it expired')
  await checkScreenBoth(page, 'enroll-invalid-code')
  await code.fill(enrollmentCode)
  await expect(page.getByTestId('enroll-code-error')).toHaveText('')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByLabel('New password', { exact: true }), 'what was typed is still there').toHaveValue(password)
  await page.getByRole('button', { name: 'Enroll' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'You are enrolled' })).toBeVisible()
})

test('a weak password is refused on its field; the questions must differ', async ({ page, app }) => {
  await fillCode(page)
  await fillPasswordAndQuestions(page, 'short one')
  await page.locator('#enroll-secret-question').selectOption(catalogue[0].id)
  await page.getByRole('button', { name: 'Enroll' }).click()
  await expect(page.locator('#enroll-secret-question')).toBeFocused()
  await expect(page.getByTestId('enroll-secret-question-error')).toHaveText(
    'Pick a secret question different from both challenge questions.',
  )
  expect(app.callsOf('enroll'), 'nothing sent while a check fails').toEqual([])
  await page.locator('#enroll-secret-question').selectOption(catalogue[4].id)
  await page.getByRole('button', { name: 'Enroll' }).click()
  await expect(page.getByLabel('New password', { exact: true })).toBeFocused()
  await expect(page.getByTestId('enroll-password-error')).toContainText('too short (9 characters)')
  await expect(page.getByTestId('password-strength')).toContainText('Refused')
  await checkScreenBoth(page, 'enroll-weak-password')
})
