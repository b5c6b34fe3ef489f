import { readFileSync } from 'node:fs'
import { checkScreenBoth, expect, manager, test } from './fixtures'
import { mockAccessReview } from './access-review-data'
import { openSignedIn } from './requests-data'

test.beforeEach(async ({ page, app }) => {
  await openSignedIn(page, app, manager)
})

test('an open review on the Staff page leads to Review access: keep, remove, deactivate, each saved', async ({ page, app }) => {
  const callout = page.getByTestId('open-review')
  await expect(callout).toContainText('Access review open')
  await expect(callout).toContainText('0 of 4 people decided')
  await callout.getByRole('button', { name: 'Review access' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Review access' })).toBeFocused()
  await expect(page.getByTestId('review-progress')).toHaveText('0 of 4 decided')
  await expect(page.getByTestId('idle-apatel'), 'a long idle person is pointed out').toHaveText('No sign-in for 78 days')
  await expect(page.getByTestId('idle-rbrooks')).toHaveText('No sign-in for 56 days')
  await expect(page.getByTestId('idle-jchen')).toHaveCount(0)
  const own = page.getByTestId('review-row-mgarcia')
  await expect(own).toContainText('Your own access is decided by another office manager, or by the provider.')
  await expect(own.getByRole('checkbox', { name: 'IntelliRater' }), 'her own applications are not hers to switch').toBeDisabled()
  await checkScreenBoth(page, 'access-review')

  await page.getByTestId('confirm-jchen').click()
  await expect(page.getByTestId('decision-jchen')).toHaveText('Keeps everything')

  const robert = page.getByTestId('review-row-rbrooks')
  await robert.getByRole('checkbox', { name: 'SmartAuction' }).uncheck()
  await expect(page.getByTestId('confirm-rbrooks')).toHaveText('Remove unticked')
  await page.getByTestId('confirm-rbrooks').click()
  await expect(page.getByTestId('decision-rbrooks')).toHaveText('Loses SmartAuction')
  expect(app.callsOf('decide_access').at(-1)).toEqual({
    id: 7,
    userId: 'rbrooks',
    decision: { decision: 'remove', applications: ['smartauction'] },
    pdn: '01234',
  })

  await page.getByTestId('deactivate-apatel').click()
  const why = page.getByLabel('Why does Anita’s access end?')
  await expect(why).toBeFocused()
  await page.getByTestId('deactivate-save-apatel').click()
  await expect(page.getByText('Say why access ends (for example: left the dealership on May 3)')).toBeVisible()
  expect(app.callsOf('decide_access').filter((c) => c.userId === 'apatel'), 'nothing sent without a reason').toEqual([])
  await why.fill('Left the dealership on November 20')
  await page.getByTestId('deactivate-save-apatel').click()
  await expect(page.getByTestId('decision-apatel')).toHaveText('Deactivate: Left the dealership on November 20')
  await expect(page.getByTestId('review-progress')).toHaveText('3 of 4 decided')

  await page.getByTestId('review-finish').click()
  await expect(page.getByTestId('finish-error')).toHaveText('Decide on everyone before finishing: Maria Garcia is still to decide.')
  expect(app.callsOf('finish_access_review'), 'nothing is finished with someone undecided').toEqual([])
})

test('with everyone decided it finishes, files the requests, and the report downloads', async ({ page, app }) => {
  // The provider kept Maria's own access (Lakeside has no other office manager).
  mockAccessReview(app).decideFor('mgarcia', { decision: 'keep' })
  await page.getByTestId('open-review').getByRole('button', { name: 'Review access' }).click()
  await expect(page.getByTestId('decision-mgarcia')).toHaveText('Keeps everything')
  await expect(page.getByTestId('decided-by-mgarcia'), 'whose decision it was, when not hers').toHaveText('By reviewer.sam')
  for (const user of ['jchen', 'rbrooks']) {
    await page.getByTestId(`confirm-${user}`).click()
    await expect(page.getByTestId(`decision-${user}`)).toHaveText('Keeps everything')
  }
  await page.getByTestId('deactivate-apatel').click()
  await page.getByLabel('Why does Anita’s access end?').fill('Left the dealership on November 20')
  await page.getByTestId('deactivate-save-apatel').click()
  await expect(page.getByTestId('review-progress')).toHaveText('4 of 4 decided')

  await page.getByTestId('review-finish').click()
  await expect(page.getByTestId('review-finished')).toHaveText('Finished. Request #1060 was filed; follow it under Requests.')
  await expect(page.getByTestId('review-finish'), 'a finished review is not finished twice').toHaveCount(0)
  await expect(page.getByTestId('review-row-apatel')).toContainText('Request #1060')
  await expect(page.getByTestId('confirm-jchen'), 'its decisions are final').toHaveCount(0)
  await checkScreenBoth(page, 'access-review-finished')

  const download = page.waitForEvent('download')
  await page.getByTestId('review-report').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('access-review-01234-7.csv')
  const text = readFileSync((await file.path())!, 'utf8')
  expect(text).toContain('7,apatel,deactivate')
  expect(text).toContain('7,mgarcia,keep')

  const printable = page.waitForEvent('download')
  await page.getByTestId('review-report-pdf').click()
  const pdf = await printable
  expect(pdf.suggestedFilename()).toBe('access-review-01234-7.pdf')
  expect(readFileSync((await pdf.path())!, 'latin1')).toMatch(/^%PDF-1\.4/)
  await expect(page.getByText('Saved as access-review-01234-7.pdf.')).toBeVisible()
})

test('keyboard only: switch an application off, record it, and deactivate with a reason', async ({ page, app }) => {
  await page.getByTestId('open-review').getByRole('button', { name: 'Review access' }).click()
  const auction = page.getByTestId('review-row-rbrooks').getByRole('checkbox', { name: 'SmartAuction' })
  await auction.focus()
  await page.keyboard.press('Space')
  await expect(auction).not.toBeChecked()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('review-row-rbrooks').getByRole('checkbox', { name: 'SmartCash' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('confirm-rbrooks')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('decision-rbrooks')).toHaveText('Loses SmartAuction')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('deactivate-rbrooks')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Why does Robert’s access end?')).toBeFocused()
  await page.keyboard.type('Moved to the Hilltop store')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('deactivate-save-rbrooks')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('decision-rbrooks')).toHaveText('Deactivate: Moved to the Hilltop store')
  await expect(page.getByTestId('deactivate-rbrooks'), 'focus comes back to the row').toBeFocused()
  expect(app.callsOf('decide_access').map((c) => c.decision)).toEqual([
    { decision: 'remove', applications: ['smartauction'] },
    { decision: 'deactivate', reason: 'Moved to the Hilltop store' },
  ])
})
