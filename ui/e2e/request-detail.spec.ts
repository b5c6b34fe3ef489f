import { CommandFailure, checkScreenBoth, expect, manager, navigate, test } from './fixtures'
import { openSignedIn } from './requests-data'
import type { Page } from '@playwright/test'

async function open(page: Page, id: number) {
  await navigate(page, 'Requests')
  await page.getByRole('button', { name: new RegExp(`^Open request #${id},`) }).click()
  await expect(page.getByRole('heading', { name: new RegExp(`^Request #${id}:`) })).toBeFocused()
}

test.beforeEach(async ({ page, app }) => {
  await openSignedIn(page, app, manager)
})

test('a request waiting on the dealership: its history with notes, due time in ET, and the answer', async ({ page, app }) => {
  await open(page, 1047)
  await expect(page.getByText('Needs information', { exact: true }).first()).toBeVisible()
  await expect(page.getByTestId('request-due')).toHaveText('Waiting on you since Nov 24')
  const answer = page.getByRole('region', { name: 'The provider needs information' })
  await expect(answer.getByTestId('reviewer-question'), 'the question is quoted above the answer box').toHaveText(
    'Is Daniel still employed at Lakeside Motors? Please confirm his current role.',
  )
  await expect(answer.getByTestId('waiting-since')).toContainText('Waiting on you since Nov 24')
  const history = page.getByRole('list', { name: 'Request history' })
  await expect(history.getByRole('listitem')).toHaveCount(3)
  await expect(history.getByRole('listitem').nth(2)).toContainText('Information requested')
  await expect(history.getByRole('listitem').nth(2)).toContainText('by reviewer.sam')
  await expect(history.getByRole('listitem').nth(2)).toContainText('Is Daniel still employed at Lakeside Motors?')
  await checkScreenBoth(page, 'request-detail')

  await page.getByRole('button', { name: 'Send answer' }).click()
  await expect(page.getByLabel('Your answer')).toBeFocused()
  await expect(page.getByTestId('answer-note-error')).toHaveText('Write the answer the reviewer asked for.')
  await page.getByLabel('Your answer').fill('Yes, he is back from leave as a salesperson.')
  await page.getByRole('button', { name: 'Send answer' }).click()
  await expect(page.getByTestId('request-notice')).toHaveText('Your answer was sent; the request is back with the provider.')
  await expect(history.getByRole('listitem')).toHaveCount(4)
  await expect(history.getByRole('listitem').nth(3)).toContainText('Information given')
  expect(app.callsOf('answer_request')).toEqual([{ id: 1047, note: 'Yes, he is back from leave as a salesperson.' }])
  await expect(page.getByRole('button', { name: 'Send answer' })).toHaveCount(0)
})

test('an overdue request is flagged, with its applications by name', async ({ page }) => {
  await open(page, 1044)
  await expect(page.getByTestId('request-due')).toHaveText('4 days overdue: was due Wed, Nov 25, 5 pm ET')
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('IntelliRater')
})

test('the manager cancels, after confirming; a completed request has no actions', async ({ page, app }) => {
  await open(page, 1051)
  await expect(page.getByTestId('additional-steps')).toBeVisible()
  const cancel = page.getByRole('button', { name: 'Cancel request' })
  await cancel.click()
  const dialog = page.getByRole('dialog', { name: 'Cancel request #1051?' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Keep it' }), 'the safe choice is the default').toBeFocused()
  await expect(dialog.getByRole('button', { name: 'Cancel request' })).toHaveClass(/danger/)
  await dialog.getByLabel('Why (optional)').fill('Filed twice.')
  await dialog.getByRole('button', { name: 'Cancel request' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('request-notice')).toHaveText('The request is cancelled.')
  expect(app.callsOf('cancel_request')).toEqual([{ id: 1051, note: 'Filed twice.' }])
  await expect(page.getByRole('button', { name: 'Cancel request' })).toHaveCount(0)

  await page.getByTestId('request-back').click()
  await open(page, 1039)
  await expect(page.getByRole('button', { name: 'Cancel request' })).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Left the dealership on November 13.')
})

test('a request that changed meanwhile is reloaded and says so', async ({ page, app }) => {
  await open(page, 1051)
  app.on('cancel_request', () => {
    throw new CommandFailure('wrong_state', 'A request that is approved cannot be cancelled')
  })
  await page.getByRole('button', { name: 'Cancel request' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel request' }).click()
  await expect(page.getByTestId('request-notice')).toContainText('Someone else acted on this request first')
  await expect(page.getByTestId('request-notice')).toBeFocused()
  expect(app.callsOf('request_detail').filter((c) => c.id === 1051).length).toBeGreaterThan(1)
})

test('loading and error states', async ({ page, app }) => {
  let fail = true
  app.on('request_detail', () => {
    if (fail) throw new CommandFailure('unreachable', 'The portal cannot be reached. Check the network and try again.')
    throw new CommandFailure('not_found', 'The requested resource was not found')
  })
  await navigate(page, 'Requests')
  await page.getByRole('button', { name: /^Open request #1051,/ }).click()
  // The request's own error, beside the banner an unreachable portal raises on every screen.
  await expect(page.getByTestId('request-error')).toHaveAttribute('data-code', 'unreachable')
  await expect(page.getByTestId('portal-banner')).toBeVisible()
  fail = false
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByTestId('request-error')).toHaveText(
    'This request does not exist, or it is not one you can see.',
  )
  await expect(page.getByTestId('request-back'), 'the way back names the list it came from').toHaveText('← Requests')
  await page.getByTestId('request-back').click()
  await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeFocused()
})
