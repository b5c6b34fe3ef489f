// The request form's offline draft: kept by the app (draft_save / draft_load /
// draft_clear, tauri-plugin-store) for whoever is signed in, never in the web view. A
// personal computer keeps it across sign-out and restart; a shared PC drops it when its
// owner signs out, by hand or after the idle minutes.
import type { Page } from '@playwright/test'
import { draftFields, expect, expectSignedIn, manager, managerPassword, signOut, test } from './fixtures'
import { now, openSignedIn } from './requests-data'

async function openForm(page: Page) {
  await page.getByRole('button', { name: 'New User ID Request' }).click()
  await expect(page.getByRole('heading', { name: 'New User ID Request' })).toBeFocused()
  await expect(page.getByTestId('request-form')).toBeVisible()
}

async function signIn(page: Page) {
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expectSignedIn(page, manager.user_id)
}

/** Nothing of a draft is in the web view's own storage. */
async function webStorage(page: Page) {
  return page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
}

test('a draft is saved as the person types, only its form fields, and comes back after a restart', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await openForm(page)
  expect(app.callsOf('draft_load')).toHaveLength(1)
  await page.getByLabel('First name').fill('Sara')
  await page.getByLabel('User ID', { exact: true }).fill('slopez')
  await expect.poll(() => app.drafts.get('mgarcia')?.values.user_id).toBe('slopez')
  const sent = app.callsOf('draft_save').at(-1)!.draft as Record<string, unknown>
  expect(Object.keys(sent).sort(), 'the form’s non-secret fields and nothing else').toEqual([...draftFields].sort())
  expect(sent).toMatchObject({ kind: 'new_user', first_name: 'Sara', user_id: 'slopez' })
  expect(app.callsOf('draft_save').length, 'saves wait for a pause in typing').toBeLessThan(4)
  expect(await webStorage(page)).not.toContain('slopez')

  await page.reload()
  await openForm(page)
  await expect(page.getByTestId('draft-restored')).toContainText('Your unsent draft from')
  await expect(page.getByLabel('First name')).toHaveValue('Sara')
  await expect(page.getByLabel('User ID', { exact: true })).toHaveValue('slopez')
  const saves = app.callsOf('draft_save').length
  await page.waitForTimeout(600)
  expect(app.callsOf('draft_save'), 'a restored draft is not saved again unchanged').toHaveLength(saves)
})

test('“Discard draft” empties the form and the draft stays gone', async ({ page, app }) => {
  app.drafts.set('mgarcia', {
    values: { kind: 'reactivation', first_name: '', last_name: '', email: '', business_phone: '', role: '', role_other: '', user_id: 'apatel', applications: [], reason: '' },
    saved_at: '2026-11-28T20:15:00Z',
  })
  await openSignedIn(page, app, manager)
  await openForm(page)
  await expect(page.getByTestId('draft-restored')).toContainText('Your unsent draft from yesterday, 3:15 pm is back.')
  await expect(page.getByLabel('Reactivation', { exact: true })).toBeChecked()
  await page.getByRole('button', { name: 'Discard draft' }).click()
  await expect(page.getByTestId('draft-restored')).toHaveCount(0)
  await expect(page.getByLabel('New user', { exact: true })).toBeChecked()
  await expect(page.getByLabel('User ID', { exact: true })).toHaveValue('')
  expect(app.callsOf('draft_clear')).toHaveLength(1)
  await page.waitForTimeout(600)
  expect(app.drafts.has('mgarcia')).toBe(false)
  expect(app.callsOf('draft_save')).toEqual([])
})

test('on a personal computer the draft outlives sign-out and waits for its owner', async ({ page, app }) => {
  await openSignedIn(page, app, manager)
  await openForm(page)
  await page.getByLabel('Deactivation', { exact: true }).check()
  await page.getByRole('combobox', { name: 'Person' }).fill('brooks')
  await page.getByRole('option', { name: /Robert Brooks/ }).click()
  // Leaving right away keeps the last keystrokes too.
  await signOut(page)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.drafts.get('mgarcia')?.values).toMatchObject({ kind: 'deactivation', user_id: 'rbrooks' })

  await signIn(page)
  await openForm(page)
  await expect(page.getByTestId('draft-restored')).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'Person' })).toHaveValue('rbrooks')
  await expect(page.getByTestId('request-person'), 'who the restored draft is for').toContainText('Robert Brooks')
})

test('on a shared PC signing out removes the draft', async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  await page.goto('/')
  await signIn(page)
  await openForm(page)
  await page.getByLabel('First name').fill('Sara')
  await expect.poll(() => app.drafts.get('mgarcia')?.values.first_name).toBe('Sara')

  await signOut(page)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.drafts.size, 'nothing of the signed-out person is left').toBe(0)

  await signIn(page)
  await openForm(page)
  await expect(page.getByTestId('draft-restored')).toHaveCount(0)
  await expect(page.getByLabel('First name')).toHaveValue('')
})

test('on a shared PC the idle sign-out removes the draft too', async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  await page.clock.install({ time: now })
  await page.goto('/')
  await signIn(page)
  await openForm(page)
  await page.getByLabel('First name').fill('Sara')
  await page.clock.runFor(1_000)
  await expect.poll(() => app.drafts.get('mgarcia')?.values.first_name).toBe('Sara')

  // Five idle minutes (the default), and the idle check's next round.
  await page.clock.runFor(5 * 60_000 + 15_000)
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('sign_out')).toHaveLength(1)
  expect(app.drafts.size).toBe(0)
})

test('a draft left in the web view by an older version is removed at sign-in', async ({ page, app }) => {
  await page.goto('/')
  await page.evaluate(() => {
    localStorage.setItem('dealer-access:request-draft:someone.else', JSON.stringify({ values: { user_id: 'apatel' } }))
    localStorage.setItem('dealer-access:request-draft:mgarcia', JSON.stringify({ values: { user_id: 'tsmith' } }))
  })
  await openSignedIn(page, app, manager)
  await expect(page.getByTestId('user-menu')).toBeVisible()
  expect(await webStorage(page)).toBe('{}')
  await openForm(page)
  await expect(page.getByTestId('draft-restored'), 'it is not read either').toHaveCount(0)
})
