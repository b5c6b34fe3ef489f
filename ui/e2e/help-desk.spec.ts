import type { Page } from '@playwright/test'
import { callerAnswer, helpDeskPassword, helpDeskUser, issuedPassword, lockedCaller, mockHelpDesk } from './accounts'
import { CommandFailure, checkScreen, expect, signOut, test } from './fixtures'

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
  await page.getByLabel('Caller’s user ID').fill(userId)
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
  await checkScreen(page, 'help-desk-empty')

  await find(page)
  const caller = page.getByTestId('hd-caller')
  await expect(page.getByRole('heading', { name: /James Chen/ })).toBeFocused()
  await expect(caller.locator('[data-status="locked"]')).toHaveText('Locked')
  await expect(page.getByTestId('hd-lock')).toContainText('after 5 wrong passwords')
  await expect(page.getByTestId('hd-question')).toHaveText(lockedCaller.secret_question!)
  await expect(unlockButton(page), 'no unlock before a match').toBeDisabled()
  await checkScreen(page, 'help-desk-caller')

  await page.getByLabel('Caller’s answer').fill(`  ${callerAnswer.toUpperCase()} `)
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByTestId('hd-verdict')).toContainText('Match.')
  await expect(page.getByLabel('Caller’s answer'), 'the answer is not kept').toHaveValue('')
  await expect(unlockButton(page)).toBeEnabled()
  await checkScreen(page, 'help-desk-match')

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
  await checkScreen(page, 'help-desk-unlocked')
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
  await expect(page.getByLabel('Caller’s user ID')).toBeFocused()

  await signOut(page)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
})

test('no match: no unlock, and the misses count toward the lock', async ({ page, app }) => {
  await find(page)
  await page.getByLabel('Caller’s answer').fill('Home Depot')
  await page.getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByTestId('hd-verdict')).toContainText('No match.')
  await expect(page.getByTestId('hd-misses')).toHaveText('1 in a row (3 lock the account)')
  await expect(unlockButton(page)).toBeDisabled()
  await checkScreen(page, 'help-desk-no-match')
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

test('an unknown user ID is said on the field; an unenrolled user cannot be verified', async ({ page }) => {
  await page.getByRole('button', { name: 'Find' }).click()
  await expect(page.getByLabel('Caller’s user ID')).toBeFocused()
  await expect(page.getByTestId('hd-user-id-error')).toHaveText('Enter the caller’s user ID.')
  await find(page, 'nobody.here')
  await expect(page.getByLabel('Caller’s user ID')).toBeFocused()
  await expect(page.getByTestId('hd-user-id-error')).toContainText('No user has the user ID “nobody.here”')
  await checkScreen(page, 'help-desk-not-found')
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
  await checkScreen(page, 'help-desk-approval-required')
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
  await checkScreen(page, 'help-desk-two-step-match')
  await reset.click()
  await expect(page.getByTestId('hd-two-step-reset')).toContainText('Two-step sign-in is reset for jchen')
  await expect(page.getByTestId('hd-two-step')).toHaveText('Off')
  await expect(reset, 'nothing left to reset').toHaveCount(0)
  await expect(unlockButton(page), 'the match was used up').toBeDisabled()
  expect(app.callsOf('help_desk_reset_two_step')).toEqual([{ userId: 'jchen' }])
  await checkScreen(page, 'help-desk-two-step-reset')
})
