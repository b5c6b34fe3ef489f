// The signed-in home by role: an office manager's dashboard, a reviewer's queue, the help
// desk's console, and staff with their account only.
import { checkScreen, expect, manager, test } from './fixtures'
import { openSignedIn, reviewer } from './requests-data'

const staffUser = {
  ...manager,
  user_id: 'jchen',
  first_name: 'James',
  last_name: 'Chen',
  email: 'james.chen@lakeside.example',
  role: 'staff',
}
const helpDeskUser = {
  ...reviewer,
  user_id: 'hd.ann',
  first_name: 'Ann',
  last_name: 'Lee',
  email: 'ann.lee@provider.example',
  role: 'help_desk',
}

test('staff see their account, and nothing of the office manager’s', async ({ page, app }) => {
  await openSignedIn(page, app, staffUser)
  await expect(page.getByTestId('signed-in-as')).toContainText('jchen · Staff')
  await expect(page.getByRole('region', { name: 'Your account' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'New User ID Request' })).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Staff', exact: true })).toHaveCount(0)
  expect(app.callsOf('dealer_users')).toEqual([])
  await checkScreen(page, 'home-staff')
})

test('a reviewer lands on the queue', async ({ page, app }) => {
  await openSignedIn(page, app, reviewer)
  await expect(page.getByRole('region', { name: 'Review queue' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Your account' })).toBeVisible()
  expect(app.callsOf('dealer_requests')).toEqual([])
})

test('the help desk lands on its console and signs out from there', async ({ page, app }) => {
  await openSignedIn(page, app, helpDeskUser)
  await expect(page.getByRole('heading', { name: 'Help desk', level: 1 })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Review queue' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('sign_out')).toHaveLength(1)
})
