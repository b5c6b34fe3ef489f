import type { Page } from '@playwright/test'
import { catalogue } from './accounts'
import { CommandFailure, checkScreen, expect, test } from './fixtures'

// An empty built-in portal: the first run offers "Set up this dealership" beside the demo.
const password = 'orchid tractor saffron piano'
const answers = ['Rex', 'Maple Street', 'Harbor Freight']

test.beforeEach(async ({ page, app }) => {
  app.settings.device_mode = 'personal'
  app.on('demo_offer', () => true)
  app.on('question_catalogue', () => catalogue)
  app.on('set_up_dealership', (args) => {
    const setup = args.setup as { password: string; owner: { user_id: string } }
    if (setup.password.toLowerCase().includes('maple')) {
      throw new CommandFailure('weak_password', 'This password contains your dealership’s name. Choose words nobody links to you.')
    }
    const id = setup.owner.user_id.toLowerCase()
    return [
      { user_id: id, role: 'office_manager' },
      { user_id: `${id}.reviewer`, role: 'reviewer' },
      { user_id: `${id}.helpdesk`, role: 'help_desk' },
    ]
  })
  await page.goto('/')
  await page.getByTestId('set-up').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Set up this dealership' })).toBeFocused()
})

async function fillDetails(page: Page) {
  await page.getByLabel('PDN').fill('70707')
  await page.getByLabel('Dealership name').fill('Maple Street Motors')
  await page.getByLabel('First name').fill('Owen')
  await page.getByLabel('Last name').fill('Marsh')
  await page.getByLabel('Email').fill('owen@maple.example')
  await page.getByLabel('Your user ID').fill('omarsh')
}

async function fillPasswordAndQuestions(page: Page, pw = password) {
  await page.getByLabel('New password', { exact: true }).fill(pw)
  await page.getByLabel('New password again', { exact: true }).fill(pw)
  const picks = [catalogue[0].id, catalogue[2].id, catalogue[4].id]
  for (const [i, id] of ['setup-challenge-0', 'setup-challenge-1', 'setup-secret'].entries()) {
    await page.locator(`#${id}-question`).selectOption(picks[i])
    await page.locator(`#${id}-answer`).fill(answers[i])
  }
}

test('the dealership and you, then password and questions, then your three user IDs, labelled', async ({ page, app }) => {
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByLabel('PDN'), 'every problem shown, the first focused').toBeFocused()
  await expect(page.getByTestId('setup-pdn-error')).toBeVisible()
  await expect(page.getByTestId('setup-user-id-error')).toBeVisible()
  await fillDetails(page)
  await checkScreen(page, 'setup-details')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Choose your password and questions' })).toBeFocused()

  await fillPasswordAndQuestions(page)
  await page.getByRole('button', { name: 'Set up' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your dealership is set up' })).toBeFocused()
  await expect(page.getByTestId('setup-account-office_manager')).toContainText('omarsh')
  await expect(page.getByTestId('setup-account-reviewer')).toContainText('omarsh.reviewer')
  await expect(page.getByTestId('setup-account-help_desk')).toContainText('omarsh.helpdesk')
  await checkScreen(page, 'setup-done')
  expect(app.callsOf('set_up_dealership')).toEqual([
    {
      setup: {
        dealership: { pdn: '70707', name: 'Maple Street Motors', address: '', phone: '' },
        owner: { first_name: 'Owen', last_name: 'Marsh', email: 'owen@maple.example', user_id: 'omarsh' },
        password,
        challenge: [
          { question: catalogue[0].id, answer: answers[0] },
          { question: catalogue[2].id, answer: answers[1] },
        ],
        secret: { question: catalogue[4].id, answer: answers[2] },
      },
    },
  ])
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  for (const secret of [password, ...answers]) expect(storage, 'nothing secret in web storage').not.toContain(secret)

  await page.getByTestId('setup-sign-in').click()
  await expect(page.getByLabel('User ID')).toHaveValue('omarsh')
})

test('a password the portal refuses is said on the password, and nothing typed is lost', async ({ page }) => {
  await fillDetails(page)
  await page.getByRole('button', { name: 'Continue' }).click()
  await fillPasswordAndQuestions(page, 'maple street motors forever')
  await page.getByRole('button', { name: 'Set up' }).click()
  await expect(page.getByLabel('New password', { exact: true })).toBeFocused()
  await expect(page.getByText('This password contains your dealership’s name.')).toBeVisible()
  await expect(page.locator('#setup-secret-answer')).toHaveValue(answers[2])
  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await expect(page.getByLabel('Dealership name')).toHaveValue('Maple Street Motors')
})

test('in dark mode too, the set-up steps pass axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await fillDetails(page)
  await checkScreen(page, 'setup-details-dark')
  await page.getByRole('button', { name: 'Continue' }).click()
  await fillPasswordAndQuestions(page)
  await page.getByRole('button', { name: 'Set up' }).click()
  await expect(page.getByTestId('setup-account-reviewer')).toBeVisible()
  await checkScreen(page, 'setup-done-dark')
})
