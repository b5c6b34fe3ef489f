import type { Page } from '@playwright/test'
import type { AuditEntry } from '../src/bindings/AuditEntry'
import type { AuditPage } from '../src/bindings/AuditPage'
import { CommandFailure, checkScreen, checkScreenBoth, expect, manager, navigate, test, type MockApp } from './fixtures'
import { openSignedIn } from './requests-data'

/** Lakeside Motors' audit log, newest first (test data). */
const newest: AuditEntry[] = [
  { id: 212, at: '2026-11-29T14:58:12Z', event: 'sign_in', outcome: 'success', actor: 'mgarcia', target: 'mgarcia', detail: null },
  // James called the help desk this morning; his answer did not match, so he is still locked.
  { id: 211, at: '2026-11-29T14:20:03Z', event: 'help_desk_verify', outcome: 'no_match', actor: 'helpdesk.kim', target: 'jchen', detail: null },
  { id: 210, at: '2026-11-29T14:17:45Z', event: 'help_desk_lookup', outcome: 'success', actor: 'helpdesk.kim', target: 'jchen', detail: null },
  {
    id: 209, at: '2026-11-28T16:40:09Z', event: 'account_locked', outcome: 'locked', actor: 'jchen', target: 'jchen',
    detail: { type: 'failed_attempts', failures: 5, attempt_kind: 'password' },
  },
  { id: 208, at: '2026-11-28T16:39:51Z', event: 'sign_in', outcome: 'wrong_password', actor: 'jchen', target: 'jchen', detail: null },
  {
    id: 207, at: '2026-11-28T15:12:00Z', event: 'request_transition', outcome: 'success', actor: 'reviewer.sam', target: 'rbrooks',
    detail: { type: 'request_transition', request_id: 1044, request_kind: 'remove_application_access', from: 'submitted', to: 'in_review', action: 'start_review' },
  },
  {
    id: 206, at: '2026-11-27T19:05:00Z', event: 'request_submitted', outcome: 'success', actor: 'mgarcia', target: 'lnguyen',
    detail: { type: 'request_submitted', request_id: 1051, request_kind: 'new_user', access_suspended: null },
  },
  {
    id: 205, at: '2026-11-27T05:00:00Z', event: 'inactivity_deactivated', outcome: 'success', actor: null, target: 'apatel',
    detail: { type: 'inactivity', days: 60 },
  },
]
const older: AuditEntry[] = [
  { id: 120, at: '2026-11-20T13:15:02Z', event: 'sign_in', outcome: 'success', actor: 'jchen', target: 'jchen', detail: null },
  { id: 119, at: '2026-11-19T21:02:40Z', event: 'sign_out', outcome: 'success', actor: 'rbrooks', target: 'rbrooks', detail: null },
]

/** The log in two pages: the newest eight, then two older ones. */
function mockAudit(app: MockApp) {
  app.on('dealer_audit', (args) => {
    const before = args.page.before
    if (before === undefined) return { entries: newest, next_before: 205 }
    if (before === 205) return { entries: older, next_before: null }
    throw new CommandFailure('bad_request', `unexpected before=${before}`)
  })
}

async function openAudit(page: Page) {
  await navigate(page, 'Audit log')
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeFocused()
}

test('the office manager reads the audit log, newest first, in plain words', async ({ page, app }) => {
  mockAudit(app)
  await openSignedIn(page, app, manager)
  await openAudit(page)
  const rows = page.getByRole('table', { name: 'Audit log, newest first' }).getByRole('row')
  await expect(rows).toHaveCount(newest.length + 1)
  await expect(rows.nth(1)).toContainText('today, 9:58 am')
  await expect(rows.nth(1).locator('time'), 'the exact time, to the second, on hover').toHaveAttribute(
    'title',
    'Sunday, November 29, 2026 at 9:58:12 AM EST',
  )
  const locked = page.getByTestId('audit-row-209')
  await expect(locked).toContainText('Online access locked')
  await expect(locked).toContainText('After 5 wrong passwords.')
  await expect(locked.getByText('Locked', { exact: true })).toHaveAttribute('data-outcome', 'locked')
  await expect(page.getByTestId('audit-row-208').getByText('Wrong password')).toBeVisible()
  await expect(page.getByTestId('audit-row-207')).toContainText('Request #1044 (Remove application access) went from submitted to in review.')
  await expect(page.getByTestId('audit-row-205')).toContainText('Dealer Access (automatic)')
  await expect(page.getByTestId('audit-count')).toHaveText('Showing 8 entries.')
  expect(app.callsOf('dealer_audit'), 'the UI never names a PDN: the app takes it from the session').toEqual([{ page: {} }])
  await checkScreen(page, 'audit-log')
})

test('“Load older” pages back with the previous page’s next_before, until the first entry', async ({ page, app }) => {
  mockAudit(app)
  await openSignedIn(page, app, manager)
  await openAudit(page)
  await page.getByRole('button', { name: 'Load older' }).click()
  await expect(page.getByTestId('audit-row-119')).toContainText('Signed out')
  await expect(page.getByTestId('audit-count')).toHaveText('Showing 10 entries, back to the first one.')
  await expect(page.getByRole('button', { name: 'Load older' })).toHaveCount(0)
  expect(app.callsOf('dealer_audit')).toEqual([{ page: {} }, { page: { before: 205 } }])

  await navigate(page, 'Staff')
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeFocused()
})

test('loading, then an empty log', async ({ page, app }) => {
  let answer: (page: AuditPage) => void = () => {}
  app.on('dealer_audit', () => new Promise((resolve) => (answer = resolve)))
  await openSignedIn(page, app, manager)
  await openAudit(page)
  await expect(page.getByText('Loading the audit log…')).toBeVisible()
  await expect(page.getByRole('region', { name: 'Audit log' })).toHaveAttribute('aria-busy', 'true')
  answer({ entries: [], next_before: null })
  await expect(page.getByTestId('audit-empty')).toHaveText('Nothing has been recorded for your dealership yet.')
  await expect(page.getByRole('button', { name: 'Load older' })).toHaveCount(0)
  await checkScreenBoth(page, 'audit-log-empty')
})

test('errors are worded by their code; a failed “Load older” keeps what is shown and tries again', async ({ page, app }) => {
  app.on('dealer_audit', () => {
    throw new CommandFailure('forbidden', 'Forbidden.')
  })
  await openSignedIn(page, app, manager)
  await openAudit(page)
  const error = page.getByTestId('audit-error')
  await expect(error).toHaveAttribute('data-code', 'forbidden')
  await expect(error).toHaveText('Only the office manager of a dealership can read its audit log.')
  await expect(page.getByRole('button', { name: 'Try again' }), 'trying again cannot help').toHaveCount(0)

  let fail = true
  app.on('dealer_audit', (args) => {
    if (args.page.before === undefined) return { entries: newest, next_before: 205 }
    if (fail) throw new CommandFailure('internal', 'Something went wrong on the portal. Try again in a moment.')
    return { entries: older, next_before: null }
  })
  await navigate(page, 'Staff')
  await openAudit(page)
  await page.getByRole('button', { name: 'Load older' }).click()
  await expect(error).toHaveAttribute('data-code', 'internal')
  await expect(error).toHaveText('Something went wrong on the portal. Try again in a moment.')
  await expect(page.getByTestId('audit-row-212'), 'the newer entries stay').toBeVisible()
  await checkScreenBoth(page, 'audit-log-error')
  fail = false
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(page.getByTestId('audit-row-120')).toBeVisible()
  await expect(error).toHaveCount(0)
  expect(app.callsOf('dealer_audit').slice(-2)).toEqual([{ page: { before: 205 } }, { page: { before: 205 } }])
})

test('in dark mode too, the audit log passes axe', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  mockAudit(app)
  await openSignedIn(page, app, manager)
  await openAudit(page)
  await expect(page.getByTestId('audit-row-212')).toBeVisible()
  await checkScreen(page, 'audit-log-dark')
})
