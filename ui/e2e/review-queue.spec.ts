import { CommandFailure, checkScreen, checkScreenBoth, expect, test } from './fixtures'
import { openSignedIn, reviewer } from './requests-data'

test.beforeEach(async ({ page, app }) => {
  await openSignedIn(page, app, reviewer)
})

test('the queue: every dealership’s open requests, oldest due first, overdue flagged', async ({ page, app }) => {
  const queue = page.getByRole('region', { name: 'Review queue' })
  const rows = queue.getByRole('row')
  await expect(rows).toHaveCount(6)
  await expect(rows.nth(1)).toContainText('#1046')
  await expect(rows.nth(1)).toContainText('Hilltop Auto Group')
  await expect(rows.nth(1).getByTestId('request-due-1046')).toHaveText('6 days overdue')
  await expect(rows.nth(5)).toContainText('#1051')
  await checkScreenBoth(page, 'review-queue')

  await queue.getByLabel('PDN').fill('123')
  await expect(queue.getByTestId('queue-pdn-error')).toHaveText('PDN must be exactly five digits, for example 01234')
  await queue.getByLabel('PDN').fill('56789')
  await expect(queue.getByRole('row')).toHaveCount(3)
  await queue.getByLabel('State').selectOption('in_review')
  await expect(queue.getByTestId('queue-empty')).toHaveText('No requests match these filters.')
  expect(app.callsOf('review_queue').at(-1)).toEqual({ filter: { state: 'in_review', pdn: '56789', limit: 25 } })
})

test('whose turn it is, and the queue sorted by due, by waiting longest or by dealership', async ({ page, app }) => {
  const queue = page.getByRole('region', { name: 'Review queue' })
  const ids = () => queue.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))
  await expect(queue.getByRole('row')).toHaveCount(6)
  await expect(queue.getByTestId('request-waiting-1047'), 'how long since its last change').toHaveText('changed 5 days ago')
  await queue.getByLabel('Whose turn').selectOption('dealership')
  await expect(queue.getByRole('row')).toHaveCount(2)
  await expect(queue.getByTestId('request-due-1047')).toHaveText('Waiting on the dealership since Nov 24')
  await queue.getByLabel('Whose turn').selectOption('us')
  await expect(queue.getByRole('row')).toHaveCount(5)
  await expect(queue.getByTestId('request-row-1047')).toHaveCount(0)
  expect(app.callsOf('review_queue').at(-1)).toEqual({ filter: { waiting_on: 'us', limit: 25 } })

  await queue.getByLabel('Whose turn').selectOption('')
  await queue.getByLabel('Sort by').selectOption('dealership')
  await expect.poll(ids).toEqual(['request-row-1046', 'request-row-1050', 'request-row-1047', 'request-row-1044', 'request-row-1051'])
  expect(app.callsOf('review_queue').at(-1)).toEqual({ filter: { sort: 'dealership', limit: 25 } })
  await queue.getByLabel('Sort by').selectOption('waiting')
  await expect.poll(async () => (await ids())[0], 'the one unchanged longest first').toBe('request-row-1046')
  await checkScreenBoth(page, 'review-queue-sorted')
})

test('a queue of more than a thousand: counted to 1,000+, paged from the last row seen', async ({ page, app }) => {
  const row = (id: number) => ({
    id, kind: 'new_user' as const, state: 'submitted' as const, pdn: '01234', dealership_name: 'Lakeside Motors', user_id: `user${id}`,
    first_name: 'Sam', last_name: `Person ${id}`, applications: ['smartcash'], submitted_by: 'mgarcia', submitted_at: '2026-11-20T15:00:00Z',
    due_at: '2026-11-21T22:00:00Z', overdue: true, updated_at: '2026-11-20T15:00:00Z',
  })
  app.on('review_queue', (args) => {
    // The portal's cursor names the last row of the page before.
    const after = Number((args.filter as { after?: string }).after ?? 2000)
    const ids = Array.from({ length: 25 }, (_, i) => after + 1 + i)
    return { requests: ids.map(row), total: 1000, total_capped: true, next_after: String(ids[24]) }
  })
  await page.reload()
  const queue = page.getByRole('region', { name: 'Review queue' })
  await expect(queue.getByTestId('queue-range')).toHaveText('Showing 1–25 of 1,000+')
  await queue.getByRole('button', { name: 'Next' }).click()
  await expect(queue.getByTestId('queue-range')).toHaveText('Showing 26–50 of 1,000+')
  await expect(queue.getByTestId('request-row-2026')).toBeVisible()
  expect(app.callsOf('review_queue').at(-1)).toEqual({ filter: { limit: 25, after: '2025' } })
  await queue.getByRole('button', { name: 'Next' }).click()
  await expect(queue.getByTestId('queue-range')).toHaveText('Showing 51–75 of 1,000+')
  await queue.getByRole('button', { name: 'Previous' }).click()
  await expect(queue.getByTestId('queue-range')).toHaveText('Showing 26–50 of 1,000+')
  expect(app.callsOf('review_queue').at(-1), 'back is the page after the same row again').toEqual({ filter: { limit: 25, after: '2025' } })
  await queue.getByRole('button', { name: 'Previous' }).click()
  await expect(queue.getByTestId('queue-range')).toHaveText('Showing 1–25 of 1,000+')
  expect(app.callsOf('review_queue').at(-1)).toEqual({ filter: { limit: 25 } })
  await checkScreenBoth(page, 'review-queue-capped')
})

test('an empty queue, and one that cannot load', async ({ page, app }) => {
  app.on('review_queue', () => ({ requests: [], total: 0, total_capped: false, next_after: null }))
  await page.reload()
  await expect(page.getByTestId('queue-empty')).toHaveText('The queue is empty: nothing is waiting for review.')
  app.on('review_queue', () => {
    throw new CommandFailure('forbidden', 'You do not have access to this.')
  })
  await page.reload()
  await expect(page.getByRole('region', { name: 'Review queue' }).getByRole('alert')).toHaveAttribute('data-code', 'forbidden')
})

test('the decision dialog: start review, then reject with a required reason', async ({ page, app }) => {
  await page.getByRole('button', { name: /^Open request #1046,/ }).click()
  await expect(page.getByRole('heading', { name: 'Request #1046: Registration for kowens' })).toBeFocused()
  const decide = page.getByRole('button', { name: 'Decide…' })
  await decide.click()
  const dialog = page.getByRole('dialog', { name: 'Decide on request #1046' })
  await expect(dialog.getByRole('radio')).toHaveCount(2)
  await expect(dialog.getByLabel('Start review')).toBeChecked()
  await dialog.getByRole('button', { name: 'Start review' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('request-notice')).toHaveText('Saved: the request is now in review.')
  expect(app.callsOf('decide_request')).toEqual([{ id: 1046, decision: { action: 'start_review' } }])

  await decide.click()
  await expect(dialog.getByRole('radio')).toHaveCount(4)
  await dialog.getByLabel('Reject').check()
  await dialog.getByRole('button', { name: 'Reject' }).click()
  await expect(dialog.getByLabel('Reason for rejecting')).toBeFocused()
  await expect(dialog.getByTestId('decision-note-error')).toHaveText('Give the reason for rejecting; the dealership reads it.')
  await checkScreen(page, 'decision-dialog')
  expect(app.callsOf('decide_request')).toHaveLength(1)
  await dialog.getByLabel('Reason for rejecting').fill('Kara is not on the dealership’s staff list.')
  await dialog.getByRole('button', { name: 'Reject' }).click()
  await expect(page.getByTestId('request-notice')).toHaveText('Saved: the request is now rejected.')
  const history = page.getByRole('list', { name: 'Request history' })
  await expect(history.getByRole('listitem').last()).toContainText('Kara is not on the dealership’s staff list.')
  await expect(decide).toHaveCount(0)
})

test('asking for information needs to say what is needed', async ({ page, app }) => {
  await page.getByRole('button', { name: /^Open request #1044,/ }).click()
  await page.getByRole('button', { name: 'Decide…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Decide on request #1044' })
  await dialog.getByLabel('Ask for information').check()
  await dialog.getByRole('button', { name: 'Ask for information' }).click()
  await expect(dialog.getByTestId('decision-note-error')).toHaveText('Say what information is needed; the dealership reads it.')
  await dialog.getByLabel('What is needed').fill('Which applications does Robert still use?')
  await dialog.getByRole('button', { name: 'Ask for information' }).click()
  await expect(page.getByTestId('request-notice')).toHaveText('Saved: the request is now needs information.')
  expect(app.callsOf('decide_request')).toEqual([
    { id: 1044, decision: { action: 'request_info', note: 'Which applications does Robert still use?' } },
  ])
})

test('someone else acted first (409 wrong_state): the request is reloaded and it says so', async ({ page, app }) => {
  await page.getByRole('button', { name: /^Open request #1050,/ }).click()
  await page.getByRole('button', { name: 'Decide…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Decide on request #1050' })
  await expect(dialog.getByLabel('Complete')).toBeChecked()
  // Another reviewer completes it first.
  await page.evaluate(() => 0)
  const first = app.callsOf('request_detail').length
  app.on('decide_request', () => {
    throw new CommandFailure('wrong_state', 'This request is completed and cannot be changed any more')
  })
  app.on('request_detail', (args) => ({
    request: {
      id: args.id, kind: 'new_user', state: 'completed', pdn: '56789', dealership_name: 'Hilltop Auto Group', user_id: 'pwright',
      first_name: 'Paul', last_name: 'Wright', applications: ['intellirater'], submitted_by: 'dwright',
      submitted_at: '2026-11-25T14:20:00Z', due_at: '2026-11-27T22:00:00Z', overdue: false, updated_at: '2026-11-29T14:58:00Z',
    },
    email: 'paul.wright@hilltop.example', business_phone: null, job_role: 'Finance manager', reason: null,
    needs_additional_steps: false,
    history: [{ at: '2026-11-29T14:58:00Z', actor: 'jdoe', action: 'complete', from: 'approved', to: 'completed', note: null }],
  }))
  await dialog.getByRole('button', { name: 'Complete' }).click()
  await expect(dialog).toBeHidden()
  const notice = page.getByTestId('request-notice')
  await expect(notice).toHaveText('Someone else acted on this request first; it is now completed. Check its history before going on.')
  await expect(notice).toBeFocused()
  expect(app.callsOf('request_detail').length).toBeGreaterThan(first)
  await expect(page.getByRole('list', { name: 'Request history' })).toContainText('by jdoe')
  await expect(page.getByRole('button', { name: 'Decide…' })).toHaveCount(0)
})

test('in dark mode too, the decision dialog passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByRole('button', { name: /^Open request #1044,/ }).click()
  await page.getByRole('button', { name: 'Decide…' }).click()
  await expect(page.getByRole('dialog', { name: 'Decide on request #1044' })).toBeVisible()
  await checkScreen(page, 'decision-dialog-dark')
})
