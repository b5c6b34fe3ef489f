import type { Page } from '@playwright/test'
import { callerAnswer, helpDeskPassword, helpDeskUser, issuedPassword, lockedCaller, mockHelpDesk } from './accounts'
import { CommandFailure, checkScreenBoth, expect, signOut, test } from './fixtures'

// Signed in as a help-desk person, the home is the console.
test.beforeEach(async ({ page, app, context }) => {
  app.settings.device_mode = 'shared'
  mockHelpDesk(app)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  // A fixed clock (timers still run): the lock's age and the 15-minute window read the same every run.
  await page.clock.setFixedTime(new Date('2026-11-29T14:32:00Z'))
  await page.goto('/')
  await page.getByLabel('User ID').fill(helpDeskUser.user_id)
  await page.getByLabel('Password', { exact: true }).fill(helpDeskPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Callers' })).toBeVisible()
})

async function find(page: Page, userId = lockedCaller.user_id) {
  await page.getByLabel('Name, user ID, email or PDN').fill(userId)
  await page.getByRole('button', { name: 'Find' }).click()
}

const unlockButton = (page: Page) => page.getByRole('button', { name: 'Unlock and issue a temporary password' })

test('a copied temporary password leaves the clipboard after 60 seconds', async ({ page }) => {
  // Timers under the test's control: a shared PC starts at the sign-in screen again.
  await page.clock.install({ time: new Date('2026-11-29T14:32:00Z') })
  await page.reload()
  await page.getByLabel('User ID').fill(helpDeskUser.user_id)
  await page.getByLabel('Password', { exact: true }).fill(helpDeskPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await find(page)
  await page.getByLabel('Caller’s answer').fill(callerAnswer)
  await page.getByRole('button', { name: 'Verify' }).click()
  await unlockButton(page).click()
  await page.getByRole('button', { name: 'Copy' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(issuedPassword)
  await page.clock.runFor(59_000)
  expect(await page.evaluate(() => navigator.clipboard.readText()), 'still there for the caller').toBe(issuedPassword)
  await page.clock.runFor(2_000)
  await expect(page.getByTestId('hd-copied')).toHaveText('The clipboard was cleared.')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('')
  await expect(page.getByTestId('hd-temporary-password'), 'still on screen to read out').toHaveText(issuedPassword)
})

test('find, verify, unlock: the temporary password shown once with a copy button', async ({ page, app }) => {
  await expect(page.getByTestId('hd-empty')).toBeVisible()
  await checkScreenBoth(page, 'help-desk-empty')

  await find(page)
  const caller = page.getByTestId('hd-caller')
  await expect(page.getByRole('heading', { name: /James Chen/ })).toBeFocused()
  await expect(caller.locator('[data-status="locked"]')).toHaveText('Locked')
  await expect(page.getByTestId('hd-lock')).toContainText('after 5 wrong passwords')
  await expect(page.getByTestId('hd-question')).toHaveText(lockedCaller.secret_question!)
  await expect(unlockButton(page), 'no unlock before a match').toBeDisabled()
  await checkScreenBoth(page, 'help-desk-caller')

  await page.getByLabel('Caller’s answer').fill(`  ${callerAnswer.toUpperCase()} `)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByTestId('hd-verdict')).toContainText('Match.')
  await expect(page.getByLabel('Caller’s answer'), 'the answer is not kept').toHaveValue('')
  await expect(unlockButton(page)).toBeEnabled()
  await checkScreenBoth(page, 'help-desk-match')

  await unlockButton(page).click()
  const shown = page.getByTestId('hd-temporary')
  await expect(page.getByRole('heading', { name: 'Unlocked: temporary password' })).toBeFocused()
  await expect(page.getByTestId('hd-temporary-password')).toHaveText(issuedPassword)
  await expect(shown).toContainText('Shown only once.')
  await expect(caller.locator('[data-status="active"]')).toHaveText('Active')
  await expect(shown).toContainText('It works for one sign-in, until')
  await expect(page.getByTestId('hd-temporary-until')).toHaveText('Nov 30, 10 am')
  expect(await page.evaluate(() => navigator.clipboard.readText()), 'nothing copied unasked').toBe('')
  await page.getByRole('button', { name: 'Copy' }).click()
  await expect(shown).toContainText('Copied. The clipboard is cleared in 60 seconds.')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(issuedPassword)
  await checkScreenBoth(page, 'help-desk-unlocked')
  expect(app.callsOf('help_desk_verify')).toEqual([{ userId: 'jchen', answer: `  ${callerAnswer.toUpperCase()} ` }])
  expect(app.callsOf('help_desk_unlock')).toEqual([{ userId: 'jchen' }])

  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  expect(storage, 'nothing secret in web storage').not.toContain(issuedPassword)
  expect(storage).not.toContain(callerAnswer)

  await page.getByRole('button', { name: 'Done, next caller' }).click()
  await expect(page.getByTestId('hd-temporary-password'), 'shown once: gone after Done').toHaveCount(0)
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()), { message: 'Done takes it off the clipboard' })
    .toBe('')
  await expect(page.getByLabel('Name, user ID, email or PDN')).toBeFocused()

  await signOut(page)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
})

test('no match: no unlock, and the misses count toward the lock', async ({ page, app }) => {
  await find(page)
  await page.getByLabel('Caller’s answer').fill('Home Depot')
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByTestId('hd-verdict')).toContainText('No match.')
  await expect(page.getByTestId('hd-misses')).toHaveText('Two tries left before the account locks.')
  await expect(page.getByTestId('hd-verdict'), 'the verdict says what the next misses do').toContainText('Two tries left')
  await expect(unlockButton(page)).toBeDisabled()
  await checkScreenBoth(page, 'help-desk-no-match')
  expect(app.callsOf('help_desk_unlock')).toEqual([])
})

test('the portal is the authority: an unlock without a fresh match is refused and said so', async ({ page, app }) => {
  await find(page)
  await page.getByLabel('Caller’s answer').fill(callerAnswer)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(unlockButton(page)).toBeEnabled()
  app.on('help_desk_unlock', () => {
    throw new CommandFailure(
      'verification_required',
      'Verify the caller with their secret question first: an unlock needs a matched verification by you within the last 15 minutes, and each verification allows one unlock.',
    )
  })
  await unlockButton(page).click()
  await expect(page.getByTestId('hd-error')).toHaveAttribute('data-code', 'verification_required')
  await expect(page.getByTestId('hd-error')).toHaveRole('alert')
  await expect(unlockButton(page)).toBeDisabled()
})

test('nobody found is said on the field; an unenrolled user cannot be verified', async ({ page }) => {
  await page.getByRole('button', { name: 'Find' }).click()
  await expect(page.getByLabel('Name, user ID, email or PDN')).toBeFocused()
  await expect(page.getByTestId('hd-user-id-error')).toHaveText('Type the caller’s name, user ID, email or PDN.')
  await find(page, 'nobody.here')
  await expect(page.getByLabel('Name, user ID, email or PDN')).toBeFocused()
  await expect(page.getByTestId('hd-user-id-error')).toContainText('Nobody matches “nobody.here”')
  await checkScreenBoth(page, 'help-desk-not-found')
  await find(page, 'tnguyen')
  await expect(page.getByTestId('hd-no-question')).toContainText('has not set a secret question yet')
  await expect(page.getByLabel('Caller’s answer')).toHaveCount(0)
})

test('a failed lookup says why, in an alert', async ({ page, app }) => {
  app.on('help_desk_find_user', () => {
    throw new CommandFailure('unreachable', 'The portal at https://portal.example cannot be reached.')
  })
  await find(page)
  await expect(page.getByTestId('hd-error')).toContainText('cannot be reached')
  await expect(page.getByTestId('hd-error')).toHaveRole('alert')
})

test('unlocking one of the provider’s own people waits for a second admin: said, and the match kept', async ({ page, app }) => {
  // The caller is one of the provider's reviewers this time.
  app.on('help_desk_find_user', () => ({ ...lockedCaller, role: 'reviewer', pdn: null, dealership_name: null }))
  await find(page)
  await expect(page.getByTestId('hd-caller')).toContainText('Reviewer')
  await page.getByLabel('Caller’s answer').fill(callerAnswer)
  await page.getByRole('button', { name: 'Verify' }).click()
  app.on('help_desk_unlock', () => {
    throw new CommandFailure(
      'approval_required',
      'James Chen is one of the provider’s own people: unlocking them needs a second provider admin’s approval, which has now been asked for. Once it is given (Provider staff, in an admin’s app), verify the caller again if more than 15 minutes have passed, and unlock within 60 minutes.',
    )
  })
  await unlockButton(page).click()
  await expect(page.getByTestId('hd-error')).toHaveAttribute('data-code', 'approval_required')
  await expect(page.getByTestId('hd-error')).toContainText('second provider admin')
  await expect(unlockButton(page), 'the match still holds for when the approval comes').toBeEnabled()
  await checkScreenBoth(page, 'help-desk-approval-required')
})

test('a lost phone: after a match, the help desk resets two-step sign-in', async ({ page, app }) => {
  let verified = false
  const caller = { ...lockedCaller, status: 'active' as const, lock: null, failed_attempts: 0, two_step_on: true }
  app.on('help_desk_find_user', () => caller)
  app.on('help_desk_verify', () => {
    verified = true
    return { matched: true }
  })
  app.on('help_desk_reset_two_step', () => {
    if (!verified) throw new CommandFailure('verification_required', 'Verify the caller with their secret question first.')
    verified = false
    return null
  })
  await find(page)
  await expect(page.getByTestId('hd-two-step')).toHaveText('On')
  const reset = page.getByRole('button', { name: 'Reset two-step sign-in (lost phone)' })
  await expect(reset, 'no reset before a match').toBeDisabled()
  await page.getByLabel('Caller’s answer').fill(callerAnswer)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(reset).toBeEnabled()
  await checkScreenBoth(page, 'help-desk-two-step-match')
  await reset.click()
  await expect(page.getByTestId('hd-two-step-reset')).toContainText('Two-step sign-in is reset for jchen')
  await expect(page.getByTestId('hd-two-step')).toHaveText('Off')
  await expect(reset, 'nothing left to reset').toHaveCount(0)
  await expect(unlockButton(page), 'the match was used up').toBeDisabled()
  expect(app.callsOf('help_desk_reset_two_step')).toEqual([{ userId: 'jchen' }])
  await checkScreenBoth(page, 'help-desk-two-step-reset')
})

test('a name finds several people: pick one from the list by keyboard, and come back to the list', async ({ page, app }) => {
  await find(page, 'chen')
  const results = page.getByTestId('hd-results')
  await expect(page.getByRole('heading', { name: '3 people match “chen”' })).toBeFocused()
  await expect(results.getByRole('row')).toHaveCount(4)
  await expect(page.getByTestId('hd-match-lchen')).toContainText('Provider staff')
  await expect(page.getByTestId('hd-match-achen')).toContainText('Hilltop Auto Group (PDN 56789)')
  await checkScreenBoth(page, 'help-desk-matches')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Amy Chen' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'James Chen' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: /James Chen/ })).toBeFocused()
  expect(app.callsOf('help_desk_find_user')).toEqual([{ userId: 'jchen' }])

  // The card: who to call at the dealership, how to reach the caller, and what happened.
  await expect(page.getByTestId('hd-managers')).toHaveText('Maria Garcia · (312) 555-0100 · maria.garcia@lakeside.example')
  await expect(page.getByTestId('hd-contact')).toHaveText('james.chen@lakeside.example · (312) 555-0142')
  await expect(page.getByTestId('hd-misses')).toHaveText('Three tries left before the account locks.')
  const events = page.getByTestId('hd-events')
  await expect(events.getByRole('listitem')).toHaveCount(3)
  await expect(events.getByRole('listitem').first()).toContainText('After 5 wrong passwords')
  await checkScreenBoth(page, 'help-desk-caller-card')

  await page.getByTestId('hd-back').click()
  await expect(page.getByRole('heading', { name: '3 people match “chen”' })).toBeFocused()
})

test('an exact user ID opens the card at once, even among other matches', async ({ page, app }) => {
  await find(page, 'JCHEN')
  await expect(page.getByRole('heading', { name: /James Chen/ })).toBeFocused()
  expect(app.callsOf('help_desk_search')).toEqual([{ search: { q: 'JCHEN', offset: 0, limit: 20 } }])
  await expect(page.getByTestId('hd-back'), 'no list was shown to go back to').toHaveCount(0)
})

test('a whole PDN lists the dealership’s people, a page at a time', async ({ page, app }) => {
  const many = Array.from({ length: 23 }, (_, i) => ({
    user_id: `staff${String(i).padStart(2, '0')}`, first_name: 'Sales', last_name: `Person ${String(i).padStart(2, '0')}`,
    email: `s${i}@lakeside.example`, role: 'staff' as const, pdn: '01234', dealership_name: 'Lakeside Motors', status: 'active' as const,
  }))
  app.on('help_desk_search', (args) => {
    const { offset = 0, limit = 20 } = args.search as { offset?: number; limit?: number }
    const matches = many.slice(offset, offset + limit)
    const next = offset + matches.length
    return { matches, total: many.length, next_offset: next < many.length ? next : null }
  })
  await find(page, '01234')
  await expect(page.getByText('Showing 20 of 23.')).toBeVisible()
  await page.getByRole('button', { name: 'Show more' }).click()
  await expect(page.getByTestId('hd-results').getByRole('row')).toHaveCount(24)
  await expect(page.getByRole('button', { name: 'Show more' }), 'the last page says so by offering no more').toHaveCount(0)
})
