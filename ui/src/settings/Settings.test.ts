import { fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it } from 'vitest'
import type { Me, SignedIn } from '../api'
import Settings from './Settings.svelte'

const person = (role: Me['role']): SignedIn => ({
  user: {
    user_id: 'mgarcia',
    first_name: 'Maria',
    last_name: 'Garcia',
    email: 'maria.garcia@lakeside.example',
    phone: null,
    role,
    pdn: '01234',
    dealership_name: 'Lakeside Motors',
    must_change_password: false,
    two_step_setup_required: false,
    last_sign_in_at: null,
    deactivates_at: null,
  },
  remembered: false,
  keychain_notice: null,
})

/** The app's settings commands over `settings`; every call recorded. */
function app(
  settings = { device_mode: 'shared', portal_url: null as string | null, idle_minutes: 5, last_user_id: null },
  pinned = { portal_url: false, device_mode: false, idle_minutes: false, remember_me: false },
  policy_problems: string[] = [],
) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = []
  const loaded = () => ({
    settings: { ...settings },
    reset_notice: null,
    first_run: false,
    pinned: { ...pinned },
    remember_allowed: settings.device_mode === 'personal',
    policy_problems,
  })
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> })
    switch (cmd) {
      case 'get_settings':
        return loaded()
      case 'portal_info':
        return { embedded: true, url: 'http://127.0.0.1:41234/' }
      case 'set_device_mode':
        settings.device_mode = (args as { mode: string }).mode
        return loaded()
      case 'set_idle_minutes':
        settings.idle_minutes = (args as { minutes: number }).minutes
        return loaded()
      case 'check_portal_url': {
        const url = (args as { url: string }).url
        if (url.includes('down')) throw { code: 'unreachable', message: `The portal at ${url}/ cannot be reached.` }
        return { url: `${url}/`, version: '0.1.0' }
      }
      case 'set_portal':
        return loaded()
    }
    throw new Error(`unexpected command ${cmd}`)
  })
  return calls
}

afterEach(() => clearMocks())

describe('Settings', () => {
  it('lets an office manager change the device mode and the idle minutes', async () => {
    const calls = app()
    render(Settings, { session: person('office_manager'), onclose: () => {} })
    const minutes = await screen.findByLabelText('Sign out after this many idle minutes')
        await fireEvent.input(minutes, { target: { value: '121' } })
    await fireEvent.click(screen.getByTestId('idle-save'))
    expect(screen.getByTestId('idle-minutes-error')).toHaveTextContent('from 1 to 120')
    expect(calls.some((c) => c.cmd === 'set_idle_minutes'), 'nothing sent out of range').toBe(false)

    await fireEvent.input(minutes, { target: { value: '15' } })
    await fireEvent.click(screen.getByTestId('idle-save'))
    expect(await screen.findByText('Saved.')).toBeInTheDocument()
    expect(calls.filter((c) => c.cmd === 'set_idle_minutes').map((c) => c.args)).toEqual([{ minutes: 15 }])

    await fireEvent.click(screen.getByTestId('device-personal'))
    await fireEvent.click(screen.getByTestId('device-save'))
    await expect.poll(() => screen.getByTestId('device-now').textContent).toContain('My own computer')
    expect(screen.queryByText('Idle sign-out'), 'idle minutes are for shared PCs').toBeNull()
  })

  it('explains to everyone else why they cannot change how the computer is used', async () => {
    app()
    render(Settings, { session: person('staff'), onclose: () => {} })
    expect(await screen.findByTestId('device-locked')).toHaveTextContent(
      'Only an office manager can change this; you are signed in as Staff.',
    )
    expect(screen.getByTestId('idle-locked')).toHaveTextContent('Signs out after 5 idle minutes.')
    expect(screen.queryByTestId('device-save')).toBeNull()
  })

  it('signed out: nobody can change the portal, the device mode or the idle minutes', async () => {
    const calls = app()
    render(Settings, { session: null, onclose: () => {} })
    expect(await screen.findByTestId('portal-locked')).toHaveTextContent('only an office manager can change it: sign in as one first')
    expect(screen.getByTestId('device-locked')).toHaveTextContent('sign in as one first')
    expect(screen.getByTestId('idle-locked')).toHaveTextContent('sign in as one first')
    expect(screen.queryByLabelText('Server address'), 'a passer-by must not re-point the PC').toBeNull()
    expect(screen.queryByTestId('device-save')).toBeNull()
    expect(screen.getByTestId('never-stored')).toHaveTextContent('Passwords')
    expect(calls.map((c) => c.cmd).sort()).toEqual(['get_settings', 'portal_info'])
  })

  it('shows what the administrator pinned, to an office manager too, and what in the policy was unusable', async () => {
    app(undefined, { portal_url: true, device_mode: true, idle_minutes: true, remember_me: true }, [
      'IdleMinutes is 500; it must be from 1 to 120, so 120 is used.',
    ])
    render(Settings, { session: person('office_manager'), onclose: () => {} })
    expect(await screen.findByTestId('portal-pinned')).toHaveTextContent('Set by your administrator')
    expect(screen.getByTestId('device-pinned')).toHaveTextContent('Set by your administrator')
    expect(screen.getByTestId('idle-pinned')).toHaveTextContent('Signs out after 5 idle minutes. Set by your administrator')
    expect(screen.queryByLabelText('Server address')).toBeNull()
    expect(screen.queryByTestId('device-save')).toBeNull()
    expect(screen.queryByTestId('idle-save')).toBeNull()
    expect(screen.getByTestId('policy-problems')).toHaveTextContent('IdleMinutes is 500')
  })

  it('an office manager: the portal can be changed, checked first, and the address is validated as typed', async () => {
    const calls = app()
    render(Settings, { session: person('office_manager'), onclose: () => {} })
    await screen.findByTestId('settings-portal-shared')
    expect(screen.getByTestId('settings-portal-submit'), 'nothing to save: this is the portal in use').toBeDisabled()

    await fireEvent.click(screen.getByTestId('settings-portal-shared'))
    const address = screen.getByLabelText('Server address')
    await fireEvent.input(address, { target: { value: 'http://portal.example.com' } })
    expect(screen.getByTestId('settings-portal-url-error')).toHaveTextContent('Use https://')

    await fireEvent.input(address, { target: { value: 'https://down.example.com' } })
    expect(screen.getByTestId('settings-portal-url-error')).toHaveTextContent('')
    await fireEvent.click(screen.getByTestId('settings-portal-check'))
    expect(await screen.findByText('Nothing answered at down.example.com. Check the address and the network connection, then try again.')).toBeInTheDocument()

    await fireEvent.input(address, { target: { value: 'https://portal.example.com' } })
    await fireEvent.click(screen.getByTestId('settings-portal-submit'))
    await expect.poll(() => calls.filter((c) => c.cmd === 'set_portal').map((c) => c.args)).toEqual([
      { url: 'https://portal.example.com/' },
    ])
    expect(calls.filter((c) => c.cmd === 'check_portal_url').map((c) => c.args)).toEqual([
      { url: 'https://down.example.com' },
      { url: 'https://portal.example.com' },
    ])
  })
})
