// Two-step sign-in on My account: off (and whether the role must use it), then turned on:
// the QR code the app draws and the secret to type, a wrong code kept on the step, the
// right one, and the ten recovery codes shown once with a text file to keep.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CommandFailure, checkScreen, checkScreenBoth, expect, expectSignedIn, manager, managerPassword, test } from './fixtures'
import { openSignedIn } from './requests-data'

// The QR code the app draws (src-tauri's test the_specs_qr_code_is_the_one_this_module_draws
// writes it): the screen shows exactly that.
const qrSvg = readFileSync(fileURLToPath(new URL('./two-step-qr.svg', import.meta.url)), 'utf8')
const codes = ['abcde-fghij', 'klmno-pqrst', 'uvwxy-z2345', 'bcdef-ghijk', 'lmnop-qrstu', 'vwxyz-23456', 'cdefg-hijkl', 'mnopq-rstuv', 'wxyz2-34567', 'defgh-ijklm']

test('an office manager turns on two-step sign-in from My account', async ({ page, app }) => {
  let on = false
  app.on('two_step_status', () => ({ on, requirement: 'required', recovery_codes_left: on ? 10 : 0 }))
  app.on('two_step_begin', () => ({ qr_svg: qrSvg, secret: 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ' }))
  app.on('two_step_confirm', (args) => {
    if (args.code !== '287082') {
      throw new CommandFailure('wrong_code', 'That code is not right. Type the six digits your authenticator app shows now for Dealer Access.')
    }
    on = true
    return { codes }
  })
  await openSignedIn(page, app, manager)
  await page.getByTestId('user-menu').click()
  await page.getByRole('button', { name: 'My account' }).click()
  const card = page.getByRole('region', { name: 'Two-step sign-in' })
  await expect(card.getByTestId('two-step-state')).toContainText('Off. Your role must use it')

  await card.getByTestId('two-step-begin').click()
  await expect(card.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  await expect(card.getByTestId('two-step-secret')).toHaveText('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ')
  const code = card.getByRole('textbox', { name: 'Code' })
  await expect(code).toBeFocused()
  await checkScreenBoth(page, 'my-account-two-step-setup')

  await code.fill('123456')
  await card.getByRole('button', { name: 'Turn on' }).click()
  await expect(card.getByText('That code is not right.')).toBeVisible()
  await expect(code).toBeFocused()
  await code.fill('287082')
  await card.getByRole('button', { name: 'Turn on' }).click()

  const shown = card.getByTestId('recovery-codes')
  await expect(shown.getByRole('listitem')).toHaveText(codes)
  const download = page.waitForEvent('download')
  await shown.getByTestId('recovery-download').click()
  const file = await download
  expect(file.suggestedFilename()).toBe(`dealer-access-recovery-codes-${manager.user_id}.txt`)
  const text = await (await file.createReadStream()).toArray()
  expect(Buffer.concat(text).toString()).toContain(codes.join('\n'))
  await checkScreenBoth(page, 'my-account-two-step-codes')

  await shown.getByRole('button', { name: 'I have saved them' }).click()
  await expect(card.getByTestId('two-step-state')).toContainText('On.')
  await expect(card.getByTestId('two-step-state')).toContainText('10 recovery codes left')
  await expect(page.getByText(codes[0]), 'shown once').toHaveCount(0)
})

test('a role that must use it sets it up at the first sign-in, before anything else', async ({ page, app }) => {
  let on = false
  app.settings.device_mode = 'shared'
  app.on('sign_in', () => ({ user: { ...manager, two_step_setup_required: true }, remembered: false, keychain_notice: null }))
  app.on('current_user', () => ({ ...manager, two_step_setup_required: !on }))
  app.on('two_step_begin', () => ({ qr_svg: qrSvg, secret: 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ' }))
  app.on('two_step_confirm', (args) => {
    if (args.code !== '287082') throw new CommandFailure('wrong_code', 'That code is not right.')
    on = true
    return { codes }
  })
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Set up two-step sign-in' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Code' }), 'ready for the first code').toBeFocused()
  await expect(page.getByTestId('user-menu'), 'nothing else until it is set up').toHaveCount(0)
  await expect(page.getByText('As office manager you can change other people’s access')).toBeVisible()
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Not now' }), 'not optional here').toHaveCount(0)
  await checkScreen(page, 'two-step-required-setup')

  await page.getByRole('textbox', { name: 'Code' }).fill('287082')
  await page.getByRole('button', { name: 'Turn on' }).click()
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveText(codes)
  await checkScreen(page, 'two-step-required-codes')
  await page.getByRole('button', { name: 'I have saved them' }).click()
  await expectSignedIn(page, manager.user_id)
  await expect(page.getByText(codes[0]), 'shown once').toHaveCount(0)
})

test('the set-up at sign-in can be left by signing out', async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  app.on('sign_in', () => ({ user: { ...manager, two_step_setup_required: true }, remembered: false, keychain_notice: null }))
  app.on('two_step_begin', () => ({ qr_svg: qrSvg, secret: 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ' }))
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  expect(app.callsOf('sign_out')).toHaveLength(1)
})

test('My account says where I am signed in: other sessions signed out, remembered computers forgotten, each with one click', async ({ page, app }) => {
  let devices = [
    {
      id: 'd1',
      created_at: '2026-11-20T15:00:00Z',
      expires_at: '2026-12-20T15:00:00Z',
      last_used_at: '2026-11-27T14:00:00Z',
      client_addr: '203.0.113.7',
      user_agent: 'dealer-access/0.1',
    },
  ]
  let sessions = [
    { id: 's1', created_at: '2026-11-29T14:10:00Z', last_seen_at: '2026-11-29T14:58:00Z', expires_at: '2026-11-30T02:10:00Z', client_addr: '127.0.0.1', user_agent: null, current: true },
    { id: 's2', created_at: '2026-11-28T20:00:00Z', last_seen_at: '2026-11-28T21:00:00Z', expires_at: '2026-11-29T20:00:00Z', client_addr: '198.51.100.4', user_agent: null, current: false },
  ]
  app.on('two_step_status', () => ({ on: true, requirement: 'required', recovery_codes_left: 8 }))
  app.on('remembered_devices', () => devices)
  app.on('forget_device', (args) => {
    devices = devices.filter((d) => d.id !== args.id)
    return null
  })
  app.on('list_sessions', () => sessions)
  app.on('revoke_session', (args) => {
    sessions = sessions.filter((s) => s.id !== args.id)
    return null
  })
  await openSignedIn(page, app, manager)
  await page.getByTestId('user-menu').click()
  await page.getByRole('button', { name: 'My account' }).click()
  const card = page.getByRole('region', { name: 'Where you are signed in' })
  await expect(card.getByTestId('session-s1')).toContainText('This session')
  await expect(card.getByTestId('session-s1'), 'this computer’s own address says nothing').not.toContainText('127.0.0.1')
  await expect(card.getByTestId('session-s1').getByRole('button'), 'not this one: Sign out is in the menu').toHaveCount(0)
  await expect(card.getByTestId('session-s2')).toContainText('from 198.51.100.4')
  const listed = card.getByTestId('remembered-devices')
  await expect(listed.getByTestId('device-d1')).toContainText('from 203.0.113.7')
  await expect(listed.getByTestId('device-d1')).toContainText('Asks again after Dec 20')
  await checkScreenBoth(page, 'my-account-where-signed-in')
  await card.getByTestId('session-s2').getByRole('button', { name: 'Sign out' }).click()
  await expect(card.getByTestId('session-s2')).toHaveCount(0)
  await listed.getByRole('button', { name: 'Forget' }).click()
  await expect(card.getByTestId('remembered-devices')).toHaveCount(0)
  expect(app.callsOf('revoke_session')).toEqual([{ id: 's2' }])
  expect(app.callsOf('forget_device')).toEqual([{ id: 'd1' }])
})

test('in dark mode too, the set-up at sign-in and its recovery codes pass axe', async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  await page.emulateMedia({ colorScheme: 'dark' })
  app.on('sign_in', () => ({ user: { ...manager, two_step_setup_required: true }, remembered: false, keychain_notice: null }))
  app.on('two_step_begin', () => ({ qr_svg: qrSvg, secret: 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ' }))
  app.on('two_step_confirm', () => ({ codes }))
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  await checkScreen(page, 'two-step-required-setup-dark')
  await page.getByRole('textbox', { name: 'Code' }).fill('287082')
  await page.getByRole('button', { name: 'Turn on' }).click()
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveText(codes)
  await checkScreen(page, 'two-step-required-codes-dark')
})
