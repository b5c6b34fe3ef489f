import { CommandFailure, checkScreen, checkScreenBoth, expect, manager, managerChallenge, managerQuestions, test } from './fixtures'

const newPassword = 'quiet harbor lemon bicycle'

test.beforeEach(async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByRole('button', { name: 'Forgot password?' }).click()
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
})

/** From the first step to the new-password step with the right answers. */
async function answerRight(page: import('@playwright/test').Page) {
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel(managerQuestions[0].text).fill(managerQuestions[0].answer)
  await page.getByLabel(managerQuestions[1].text).fill(`  ${managerQuestions[1].answer.toUpperCase()} `)
  await page.getByRole('button', { name: 'Check answers' }).click()
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
}

test('user ID, the two questions, a new password, done, and back to sign in', async ({ page, app }) => {
  await expect(page.getByLabel('User ID')).toHaveValue(manager.user_id)
  await expect(page.getByRole('list', { name: 'Password reset steps' }).locator('[aria-current="step"]')).toContainText(
    'Your user ID',
  )
  await checkScreenBoth(page, 'forgot-password-user-id')

  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Answer your challenge questions' })).toBeFocused()
  await expect(page.getByTestId('answers-lock'), 'said before anyone answers').toHaveText(
    'A wrong answer locks online access, and then only the help desk can unlock it. Not sure? Call the Dealer Services Help Desk at 1-800-555-0142 (open now until 8 pm ET) instead.',
  )
  await expect(page.getByLabel(managerQuestions[0].text)).toBeVisible()
  await expect(page.getByLabel(managerQuestions[1].text)).toBeVisible()
  await page.getByLabel(managerQuestions[0].text).fill(managerQuestions[0].answer)
  await page.getByLabel(managerQuestions[1].text).fill(managerQuestions[1].answer)
  await checkScreenBoth(page, 'forgot-password-questions')
  await page.getByRole('button', { name: 'Check answers' }).click()
  expect(app.callsOf('answer_password_reset')).toEqual([
    { userId: manager.user_id, answers: [managerQuestions[0].answer, managerQuestions[1].answer] },
  ])

  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeFocused()
  await expect(page.getByText('within 15 minutes')).toBeVisible()
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password again', { exact: true }).fill(newPassword)
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-level', '4')
  await page.getByRole('button', { name: 'Set new password' }).click()
  expect(app.callsOf('complete_password_reset')).toEqual([{ newPassword }])

  await expect(page.getByRole('heading', { name: 'Your password is changed' })).toBeFocused()
  await checkScreenBoth(page, 'forgot-password-done')
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  for (const secret of [newPassword, managerQuestions[0].answer, managerQuestions[1].answer]) {
    expect(storage, 'nothing secret in web storage').not.toContain(secret)
  }

  await page.getByTestId('reset-back-to-sign-in').click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  await expect(page.getByLabel('User ID')).toHaveValue(manager.user_id)
})

test('a wrong (or locked) answer says so and shows how to reach the help desk', async ({ page }) => {
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel(managerQuestions[0].text).fill(managerQuestions[0].answer)
  await page.getByLabel(managerQuestions[1].text).fill('Spot')
  await page.getByRole('button', { name: 'Check answers' }).click()
  const error = page.getByTestId('reset-error')
  await expect(error).toHaveAttribute('data-code', 'wrong_answers')
  await expect(error).toHaveRole('alert')
  await expect(error).toContainText('only the help desk can unlock it')
  const card = page.getByRole('region', { name: 'Need help?' })
  await expect(card.getByRole('link', { name: '1-800-555-0142' })).toBeVisible()
  await checkScreenBoth(page, 'forgot-password-locked')
})

test('the strength shows while typing; the portal’s reasons for refusing show on the field', async ({ page, app }) => {
  await answerRight(page)
  const password = page.getByLabel('New password', { exact: true })
  const strength = page.getByTestId('password-strength')
  await password.fill('winter')
  await expect(strength).toContainText('Too short')
  await expect(strength).toContainText('6 of at least 15 characters')
  await expect(password).toHaveAccessibleDescription(/Too short/)
  await password.fill('mypassword2026!!')
  await expect(strength).toContainText('Weak')
  await page.getByLabel('New password again', { exact: true }).fill('mypassword2026!!')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByTestId('new-password-error')).toContainText('This password is too easy to guess')
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(password).toHaveAccessibleDescription(/too easy to guess/)
  await expect(strength, 'the portal’s verdict wins over the local guess').toContainText('Refused')
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  await checkScreenBoth(page, 'forgot-password-new-password')

  await password.fill(newPassword)
  await page.getByLabel('New password again', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByRole('heading', { name: 'Your password is changed' })).toBeVisible()
  expect(app.callsOf('complete_password_reset')).toHaveLength(2)
})

test('the two passwords must match before anything is sent', async ({ page, app }) => {
  await answerRight(page)
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password again', { exact: true }).fill('something else entirely')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByTestId('confirm-password-error')).toHaveText('This does not match the new password.')
  expect(app.callsOf('complete_password_reset')).toEqual([])
})

test('an expired reset offers to start again', async ({ page, app }) => {
  await answerRight(page)
  app.on('complete_password_reset', () => {
    throw new CommandFailure(
      'invalid_reset_token',
      'This password reset has expired or was already used. Start the password reset again.',
    )
  })
  await page.getByLabel('New password', { exact: true }).fill(newPassword)
  await page.getByLabel('New password again', { exact: true }).fill(newPassword)
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByTestId('reset-error')).toHaveAttribute('data-code', 'invalid_reset_token')
  await page.getByRole('button', { name: 'Start again' }).click()
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeFocused()
  expect(app.callsOf('cancel_password_reset').length).toBeGreaterThan(0)
})

test('back to sign in leaves the reset', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Back to sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('cancel_password_reset')).toHaveLength(1)
})

test('leaving after right answers asks first', async ({ page, app }) => {
  await answerRight(page)
  const back = page.getByRole('button', { name: 'Back to sign in' })
  await back.click()
  const dialog = page.getByRole('dialog', { name: 'Leave the password reset?' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Stay' })).toBeFocused()
  await checkScreenBoth(page, 'forgot-password-leave')

  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(back, 'focus returns to what opened the dialog').toBeFocused()
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  expect(app.callsOf('cancel_password_reset')).toEqual([])

  await back.click()
  await dialog.getByRole('button', { name: 'Leave without saving' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('cancel_password_reset')).toHaveLength(1)
})

test('in dark mode too, a refused new password passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await answerRight(page)
  await page.getByLabel('New password', { exact: true }).fill('winter')
  await page.getByLabel('New password again', { exact: true }).fill('winter')
  await page.getByRole('button', { name: 'Set new password' }).click()
  await expect(page.getByTestId('new-password-error')).toContainText('too short')
  await checkScreen(page, 'forgot-password-dark')
})

test('a portal that allows more wrong answers says how many', async ({ page, app }) => {
  app.on('start_password_reset', () => ({
    questions: managerChallenge(),
    wrong_answers_lock_after: 3,
  }))
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByTestId('answers-lock')).toHaveText(
    'After 3 wrong answers online access is locked, and then only the help desk can unlock it.',
  )
})

test('the rules show the length this portal asks, before anything is typed', async ({ page, app }) => {
  app.on('password_rules', () => ({ min_chars: 20, max_chars: 256 }))
  await answerRight(page)
  const rules = page.getByTestId('password-rules')
  await expect(rules.getByRole('listitem').first()).toHaveText(/^○\s*At least 20 characters/)
  await page.getByLabel('New password', { exact: true }).fill('seventeen letters')
  await expect(page.getByTestId('password-strength')).toContainText('17 of at least 20 characters')
  expect(app.callsOf('password_rules'), 'asked once').toHaveLength(1)
})
