import { CommandFailure, checkScreen, checkScreenBoth, expect, expectSignedIn, helpDesk, manager, managerPassword, test } from './fixtures'

test.beforeEach(({ app }) => {
  app.settings.device_mode = 'personal'
})

test('the sign-in screen with the help-desk card', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
  const card = page.getByRole('region', { name: 'Need help?' })
  await expect(card.getByRole('link', { name: helpDesk.phone })).toHaveAttribute('href', `tel:${helpDesk.phone}`)
  await expect(card.getByTestId('help-desk-status')).toHaveText(helpDesk.status_text)
  await expect(page.getByTestId('sign-in-server'), 'where the password goes is said before it is typed').toHaveText(
    'Your dealership’s data: on this computer',
  )
  await expect(page.getByText('127.0.0.1')).toHaveCount(0)
  await checkScreen(page, 'sign-in')
})

test('on a shared server the sign-in screen names it by its host', async ({ page, app }) => {
  app.on('portal_info', () => ({ embedded: false, url: 'https://portal.lakeside.example:8443/dealer/' }))
  await page.goto('/')
  await expect(page.getByTestId('sign-in-server')).toHaveText('Your dealership’s data: on portal.lakeside.example')
})

test('warns while Caps Lock is on, tied to the password field', async ({ page }) => {
  await page.goto('/')
  const password = page.getByLabel('Password', { exact: true })
  await password.click()
  // Headless Chromium cannot toggle the real Caps Lock: send the key event an engine sends
  // while it is on.
  await password.dispatchEvent('keydown', { key: 'a', modifierCapsLock: true })
  const warning = page.getByText('Caps Lock is on: passwords are case sensitive.')
  await expect(warning).toBeVisible()
  await expect(password).toHaveAccessibleDescription(/Caps Lock is on/)
  await checkScreenBoth(page, 'sign-in-caps-lock')
  await page.keyboard.type('d')
  await expect(warning).toBeHidden()
})

test('a wrong password keeps the user ID, clears the password and says why', async ({ page, app }) => {
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill('not the password at all')
  await page.getByRole('button', { name: 'Sign in' }).click()
  const error = page.getByTestId('sign-in-error')
  await expect(error).toHaveAttribute('data-code', 'invalid_credentials')
  await expect(error).toContainText('help desk', { ignoreCase: true })
  await expect(page.getByLabel('User ID')).toHaveValue(manager.user_id)
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
  expect(app.callsOf('sign_in')).toEqual([{ userId: manager.user_id, password: 'not the password at all', remember: false }])
  await checkScreenBoth(page, 'sign-in-wrong-password')
})

test('the password can be shown and hidden again', async ({ page }) => {
  await page.goto('/')
  const password = page.getByLabel('Password', { exact: true })
  await password.fill(managerPassword)
  await expect(password).toHaveAttribute('type', 'password')
  await page.getByRole('button', { name: 'Show password' }).click()
  await expect(password).toHaveAttribute('type', 'text')
  await page.getByRole('button', { name: 'Hide password' }).click()
  await expect(password).toHaveAttribute('type', 'password')
})

test('nothing secret is left in web storage after signing in', async ({ page }) => {
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByLabel('Keep me signed in on this computer').check()
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expectSignedIn(page, manager.user_id)
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))
  expect(storage).not.toContain(managerPassword)
})

test('in dark mode too, the sign-in screen passes axe', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('password-error')).toHaveText('Enter your password.')
  await checkScreen(page, 'sign-in-dark')
})

/** What has the keyboard focus, by the name a person would call it. */
function focused(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return 'body'
    const input = el as HTMLInputElement
    if (input.type === 'checkbox') return `checkbox: ${input.labels?.[0]?.textContent?.trim()}`
    return el.id ? `#${el.id}` : (el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName)
  })
}

test.describe('keyboard only', () => {
  test('Tab goes user ID → password → show/hide → remember → Forgot password? → Sign in, then the links; Shift+Tab comes back', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByTestId('help-desk-status')).toBeVisible()
    const order: string[] = []
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab')
      order.push(await focused(page))
    }
    expect(order).toEqual([
      '#user-id',
      '#password',
      'Show password',
      'checkbox: Keep me signed in on this computer',
      'Forgot password?',
      'Sign in',
      'Register under your dealership’s PDN',
      'I have an enrollment code',
      helpDesk.phone,
      'Settings',
    ])
    for (let i = 0; i < 9; i++) await page.keyboard.press('Shift+Tab')
    expect(await focused(page)).toBe('#user-id')
  })

  test('on a shared PC there is no “remember” stop', async ({ page, app }) => {
    app.settings.device_mode = 'shared'
    await page.goto('/')
    await expect(page.getByRole('heading', { name: 'Sign in to Dealer Access' })).toBeVisible()
    const order: string[] = []
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab')
      order.push(await focused(page))
    }
    expect(order).toEqual(['#user-id', '#password', 'Show password', 'Forgot password?', 'Sign in'])
  })

  test('Space shows the password, Space on “remember” ticks it, Enter signs in', async ({ page, app }) => {
    await page.goto('/')
    // The screen is there before the first key (a loaded machine may still be starting).
    await expect(page.getByLabel('User ID')).toBeEditable()
    await page.keyboard.press('Tab')
    await page.keyboard.type(manager.user_id)
    await page.keyboard.press('Tab')
    await page.keyboard.type(managerPassword)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'text')
    await expect(page.getByRole('button', { name: 'Hide password' })).toBeFocused()
    await page.keyboard.press('Space')
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await expect(page.getByLabel('Keep me signed in on this computer')).toBeChecked()
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused()
    await page.keyboard.press('Enter')
    await expectSignedIn(page, manager.user_id)
    expect(app.callsOf('sign_in')).toEqual([{ userId: manager.user_id, password: managerPassword, remember: true }])
  })

  test('Enter with empty fields puts focus on the first one missing, and its error is read with it', async ({ page, app }) => {
    await page.goto('/')
    // The screen is there before the first key (a loaded machine may still be starting).
    await expect(page.getByLabel('User ID')).toBeEditable()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    const userId = page.getByLabel('User ID')
    const password = page.getByLabel('Password', { exact: true })
    await expect(userId).toBeFocused()
    await expect(userId).toHaveAccessibleDescription('Enter your user ID.')
    await expect(userId).toHaveAttribute('aria-invalid', 'true')
    await expect(password).toHaveAttribute('aria-invalid', 'true')

    await page.keyboard.type(manager.user_id)
    await page.keyboard.press('Enter')
    await expect(password).toBeFocused()
    await expect(password).toHaveAccessibleDescription(/Enter your password\./)
    await expect(userId).not.toHaveAttribute('aria-invalid', 'true')
    expect(app.callsOf('sign_in'), 'nothing is sent while a field is empty').toEqual([])
  })

  test('a wrong password puts focus back in the cleared password, described by the error; then Enter signs in', async ({ page, app }) => {
    await page.goto('/')
    // The screen is there before the first key (a loaded machine may still be starting).
    await expect(page.getByLabel('User ID')).toBeEditable()
    await page.keyboard.press('Tab')
    await page.keyboard.type(manager.user_id)
    await page.keyboard.press('Tab')
    await page.keyboard.type('not the password at all')
    await page.keyboard.press('Enter')
    const password = page.getByLabel('Password', { exact: true })
    await expect(page.getByTestId('sign-in-error')).toHaveAttribute('data-code', 'invalid_credentials')
    await expect(password).toBeFocused()
    await expect(password).toHaveValue('')
    await expect(password).toHaveAccessibleDescription(/The user ID or password is not right/)

    await page.keyboard.type(managerPassword)
    await page.keyboard.press('Enter')
    await expectSignedIn(page, manager.user_id)
    expect(app.callsOf('sign_in')).toHaveLength(2)
  })

  test('an error that is no field’s (an account still pending) takes the focus itself', async ({ page, app }) => {
    app.on('sign_in', () => {
      throw new CommandFailure(
        'pending_approval',
        'Your registration is still being reviewed. You can sign in once it is approved; you will get an email.',
      )
    })
    await page.goto('/')
    // The screen is there before the first key (a loaded machine may still be starting).
    await expect(page.getByLabel('User ID')).toBeEditable()
    await page.keyboard.press('Tab')
    await page.keyboard.type('lnguyen')
    await page.keyboard.press('Tab')
    await page.keyboard.type(managerPassword)
    await page.keyboard.press('Enter')
    const error = page.getByTestId('sign-in-error')
    await expect(error).toHaveAttribute('data-code', 'pending_approval')
    await expect(error).toBeFocused()
    await expect(page.getByLabel('Password', { exact: true })).not.toHaveAttribute('aria-describedby', /sign-in-error/)
  })
})

/**
 * How light the middle of `locator` is as painted (0 black … 255 white), decoded in a
 * blank page of the same context (the app's CSP rightly refuses data: fetches).
 */
async function lightness(page: import('@playwright/test').Page, locator: import('@playwright/test').Locator) {
  const png = (await locator.screenshot({ animations: 'disabled' })).toString('base64')
  const scratch = await page.context().newPage()
  try {
    return await scratch.evaluate(async (png) => {
      const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${png}`)).blob())
      const context = new OffscreenCanvas(image.width, image.height).getContext('2d')!
      context.drawImage(image, 0, 0)
      const [r, g, b] = context.getImageData(Math.floor(image.width / 2), Math.floor(image.height / 2), 1, 1).data
      return Math.round((r + g + b) / 3)
    }, png)
  } finally {
    await scratch.close()
  }
}

test('native controls (a checkbox) follow the theme, light and dark', async ({ page }) => {
  await page.goto('/')
  const remember = page.getByLabel('Keep me signed in on this computer')
  expect(await lightness(page, remember), 'an unticked box is light on the light theme').toBeGreaterThan(200)
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect
    .poll(() => lightness(page, remember), { message: 'and dark on the dark theme, not a white square' })
    .toBeLessThan(100)
})

test('two-step sign-in: after the password, the code; a wrong code stays on the step', async ({ page, app }) => {
  const codeFor = { right: '314159', recovery: 'abcde-fghij' }
  app.on('sign_in', (args) => {
    if (args.userId === manager.user_id && args.password === managerPassword) {
      throw new CommandFailure('two_step_required', 'Type the code your authenticator app shows for Dealer Access.')
    }
    throw new CommandFailure('invalid_credentials', 'The user ID or password is not right.')
  })
  app.on('sign_in_code', (args) => {
    if (args.code === codeFor.right) return { user: manager, remembered: false, keychain_notice: null }
    if (args.code === codeFor.recovery) {
      return { user: manager, remembered: false, keychain_notice: null, recovery_codes_left: 1 }
    }
    throw new CommandFailure(
      'wrong_code',
      'That code is not right. Type the six digits your authenticator app shows now, or one of your recovery codes.',
    )
  })
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()

  const step = page.getByTestId('two-step-form')
  await expect(step.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible()
  const code = step.getByLabel('Code', { exact: true })
  await expect(code, 'the code field takes the focus').toBeFocused()
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code')
  await expect(page.getByLabel('Password', { exact: true }), 'the password is gone from the screen').toHaveCount(0)
  await checkScreenBoth(page, 'sign-in-two-step')

  await code.fill('000000')
  await step.getByRole('button', { name: 'Sign in' }).click()
  await expect(step.getByText('That code is not right.')).toBeVisible()
  await expect(code).toBeFocused()
  await expect(code).toHaveValue('')
  await checkScreenBoth(page, 'sign-in-two-step-wrong-code')

  await code.fill(codeFor.right)
  await step.getByRole('button', { name: 'Sign in' }).click()
  await expectSignedIn(page, manager.user_id)
  expect(app.callsOf('sign_in_code')).toEqual([
    { code: '000000', rememberDevice: false },
    { code: codeFor.right, rememberDevice: false },
  ])
  await expect(page.getByTestId('recovery-codes-left'), 'said only after a recovery code').toHaveCount(0)
})

test('two-step sign-in with a recovery code says how many are left', async ({ page, app }) => {
  app.settings.device_mode = 'shared'
  app.on('sign_in', () => {
    throw new CommandFailure('two_step_required', 'Type the code your authenticator app shows for Dealer Access.')
  })
  app.on('sign_in_code', () => ({ user: manager, remembered: false, keychain_notice: null, recovery_codes_left: 1 }))
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Code', { exact: true }).fill('abcde-fghij')
  await page.getByTestId('two-step-form').getByRole('button', { name: 'Sign in' }).click()
  await expectSignedIn(page, manager.user_id)
  await expect(page.getByTestId('recovery-codes-left')).toContainText('1 recovery code is left')
  await checkScreenBoth(page, 'signed-in-with-recovery-code')
})

test('two-step sign-in: a personal computer may skip the code for 30 days; a shared PC never offers it', async ({ page, app }) => {
  app.on('sign_in', () => {
    throw new CommandFailure('two_step_required', 'Type the code your authenticator app shows for Dealer Access.')
  })
  app.on('sign_in_code', () => ({ user: manager, remembered: false, keychain_notice: null }))
  const remember = page.getByLabel('Don’t ask for a code on this computer for 30 days')

  app.settings.device_mode = 'shared'
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('two-step-form')).toBeVisible()
  await expect(remember, 'a shared PC never remembers').toHaveCount(0)

  app.settings.device_mode = 'personal'
  await page.reload()
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(remember).not.toBeChecked()
  await remember.check()
  await checkScreenBoth(page, 'sign-in-two-step-remember')
  await page.getByLabel('Code', { exact: true }).fill('314159')
  await page.getByTestId('two-step-form').getByRole('button', { name: 'Sign in' }).click()
  await expectSignedIn(page, manager.user_id)
  expect(app.callsOf('sign_in_code')).toEqual([{ code: '314159', rememberDevice: true }])
})

test('two-step sign-in: an expired step goes back to the password and says why', async ({ page, app }) => {
  app.on('sign_in', () => {
    throw new CommandFailure('two_step_required', 'Type the code your authenticator app shows for Dealer Access.')
  })
  app.on('sign_in_code', () => {
    throw new CommandFailure('invalid_credentials', 'This sign-in has expired: sign in again with your user ID and password.')
  })
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Code', { exact: true }).fill('123456')
  await page.getByTestId('two-step-form').getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toContainText('This sign-in has expired')
  await expect(page.getByLabel('User ID')).toHaveValue(manager.user_id)
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')
})

test('two-step sign-in: a code refused for too many attempts stays typed on the step, and goes in after the wait', async ({ page, app }) => {
  app.on('sign_in', () => {
    throw new CommandFailure('two_step_required', 'Type the code your authenticator app shows for Dealer Access.')
  })
  let refusals = 1
  app.on('sign_in_code', () => {
    if (refusals-- > 0) throw new CommandFailure('rate_limited', 'Too many attempts. Please wait 6 seconds and try again.')
    return { user: manager, remembered: false, keychain_notice: null, recovery_codes_left: 8 }
  })
  await page.goto('/')
  await page.getByLabel('User ID').fill(manager.user_id)
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  const step = page.getByTestId('two-step-form')
  const code = step.getByLabel('Code', { exact: true })
  await code.fill('abcde-fghij')
  await step.getByRole('button', { name: 'Sign in' }).click()
  await expect(step.getByText('Please wait 6 seconds'), 'the wait is said on the step').toBeVisible()
  await expect(code, 'the code was never checked, so it stays for the retry').toHaveValue('abcde-fghij')
  await expect(code).toBeFocused()
  await expect(page.getByLabel('Password', { exact: true }), 'no password to retype').toHaveCount(0)
  await step.getByRole('button', { name: 'Sign in' }).click()
  await expectSignedIn(page, manager.user_id)
  expect(app.callsOf('sign_in_code')).toEqual([
    { code: 'abcde-fghij', rememberDevice: false },
    { code: 'abcde-fghij', rememberDevice: false },
  ])
})

test('a person on hold for an overdue access review is told why and who can lift it', async ({ page, app }) => {
  app.on('sign_in', () => {
    throw new CommandFailure(
      'access_on_hold',
      "Your access is on hold: your dealership's access review passed its deadline before your office manager confirmed who still needs access. Ask your office manager to decide on yours in Review access; you can sign in as soon as it is kept.",
    )
  })
  await page.goto('/')
  await page.getByLabel('User ID').fill('jchen')
  await page.getByLabel('Password', { exact: true }).fill(managerPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  const error = page.getByTestId('sign-in-error')
  await expect(error).toHaveAttribute('data-code', 'access_on_hold')
  await expect(error).toContainText('Ask your office manager to decide on yours')
  await expect(error, 'no field’s error: the message takes the focus').toBeFocused()
  await expect(page.getByLabel('User ID')).toHaveValue('jchen')
  await checkScreenBoth(page, 'sign-in-access-on-hold')
})

test('an inactive user asks to be reactivated from the sign-in screen, with the password just typed', async ({ page, app }) => {
  await page.clock.setFixedTime(new Date('2026-11-29T14:32:00Z'))
  const inactive =
    'This user ID is inactive: it was not used to sign in for 60 days. Ask to be reactivated (your office manager is told), or ask your office manager to file the request; once it is completed you can sign in again. Questions? Call the Dealer Services Help Desk at 1-800-555-0142 (open now until 8 pm ET).'
  app.on('sign_in', () => {
    throw new CommandFailure('inactive', inactive)
  })
  app.on('ask_reactivation', () => ({ request_id: 1052, due_at: '2026-11-30T22:00:00Z', office_managers: ['Maria Garcia'] }))
  await page.goto('/')
  await page.getByLabel('User ID').fill('apatel')
  await page.getByLabel('Password', { exact: true }).fill('Anita likes long passwords 7')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toHaveAttribute('data-code', 'inactive')
  await expect(page.getByLabel('Password', { exact: true }), 'the field is cleared as after any failure').toHaveValue('')
  await expect(page.getByTestId('reactivation-offer')).toBeVisible()
  await checkScreenBoth(page, 'sign-in-inactive')
  await page.getByRole('button', { name: 'Ask to be reactivated' }).click()
  const asked = page.getByTestId('reactivation-asked')
  await expect(asked).toBeFocused()
  await expect(asked).toHaveText(
    'Asked. Request #1052 is filed; Maria Garcia was told. It will be reviewed by tomorrow, 5 pm ET. You will get an email when it is completed; then sign in again.',
  )
  expect(app.callsOf('ask_reactivation'), 'the user ID and the password typed for the sign-in').toEqual([
    { userId: 'apatel', password: 'Anita likes long passwords 7' },
  ])
  await expect(page.getByRole('button', { name: 'Ask to be reactivated' }), 'asked once').toHaveCount(0)
  await checkScreenBoth(page, 'sign-in-reactivation-asked')
})

test('asking again says the request is open already; changing the user ID withdraws the offer', async ({ page, app }) => {
  app.on('sign_in', () => {
    throw new CommandFailure('inactive', 'This user ID is inactive.')
  })
  app.on('ask_reactivation', () => {
    throw new CommandFailure('conflict', 'Your reactivation was asked for already: request 1052 is being handled. You will get an email when it is completed.')
  })
  await page.goto('/')
  await page.getByLabel('User ID').fill('apatel')
  await page.getByLabel('Password', { exact: true }).fill('Anita likes long passwords 7')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Ask to be reactivated' }).click()
  await expect(page.getByTestId('reactivation-note')).toContainText('request 1052 is being handled')
  await expect(page.getByRole('button', { name: 'Ask to be reactivated' })).toHaveCount(0)

  await page.getByLabel('Password', { exact: true }).fill('Anita likes long passwords 7')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('reactivation-offer')).toBeVisible()
  await page.getByLabel('User ID').fill('someone.else')
  await expect(page.getByTestId('reactivation-offer'), 'the password was proof for apatel only').toHaveCount(0)
})
