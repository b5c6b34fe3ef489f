import { fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import SignIn from './SignIn.svelte'

const helpDesk = {
  name: 'Dealer Services Help Desk',
  phone: '1-800-555-0142',
  hours: 'Mon 8 am–10 pm (ET)',
  time_zone: 'America/New_York',
  open_now: true,
  closes_at: null,
  next_opening: null,
  status_text: 'Open now until 8 pm ET',
}

afterEach(() => clearMocks())

describe('SignIn', () => {
  it('keeps the user ID but clears the password after a failed sign-in, and shows why', async () => {
    const calls: Record<string, unknown>[] = []
    mockIPC((cmd, args) => {
      if (cmd === 'help_desk_info') return helpDesk
      if (cmd === 'sign_in') {
        calls.push(args as Record<string, unknown>)
        throw { code: 'invalid_credentials', message: 'The user ID or password is not right.' }
      }
    })
    render(SignIn, { mode: 'shared', onsignedin: () => {} })
    const userId = screen.getByLabelText('User ID') as HTMLInputElement
    const password = screen.getByLabelText('Password') as HTMLInputElement
    await fireEvent.input(userId, { target: { value: 'jchen' } })
    await fireEvent.input(password, { target: { value: 'a wrong password' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    const alert = await screen.findByTestId('sign-in-error')
    expect(alert).toHaveAttribute('data-code', 'invalid_credentials')
    expect(userId.value).toBe('jchen')
    expect(password.value).toBe('')
    expect(calls[0]).toMatchObject({ userId: 'jchen', remember: false })
  })

  it('warns when Caps Lock is on', async () => {
    mockIPC((cmd) => (cmd === 'help_desk_info' ? helpDesk : undefined))
    render(SignIn, { mode: 'personal', onsignedin: () => {} })
    const password = screen.getByLabelText('Password')
    await fireEvent.keyDown(password, { key: 'A', modifierCapsLock: true })
    expect(screen.getByText(/Caps Lock is on/)).toBeInTheDocument()
  })

  it('offers to remember the sign-in only on a personal computer', () => {
    mockIPC((cmd) => (cmd === 'help_desk_info' ? helpDesk : undefined))
    const { unmount } = render(SignIn, { mode: 'shared', onsignedin: () => {} })
    expect(screen.queryByText(/Keep me signed in/)).toBeNull()
    unmount()
    render(SignIn, { mode: 'personal', onsignedin: () => {} })
    expect(screen.getByText(/Keep me signed in/)).toBeInTheDocument()
  })

  it('"Forgot password?" hands over the user ID typed so far', async () => {
    mockIPC((cmd) => (cmd === 'help_desk_info' ? helpDesk : undefined))
    let forgotFor: string | null = null
    render(SignIn, { mode: 'shared', onsignedin: () => {}, onforgotpassword: (id: string) => (forgotFor = id) })
    await fireEvent.input(screen.getByLabelText('User ID'), { target: { value: ' jchen ' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Forgot password?' }))
    expect(forgotFor).toBe('jchen')
  })

  it('says inline which field is missing, focuses it, and sends nothing', async () => {
    const calls: string[] = []
    mockIPC((cmd) => {
      calls.push(cmd)
      return cmd === 'help_desk_info' ? helpDesk : undefined
    })
    render(SignIn, { mode: 'shared', onsignedin: () => {} })
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    const userId = screen.getByLabelText('User ID')
    expect(userId).toHaveAttribute('aria-invalid', 'true')
    expect(userId).toHaveAccessibleDescription(/Enter your user ID\./)
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/Enter your password\./)
    expect(userId).toHaveFocus()
    expect(calls).not.toContain('sign_in')
  })

  it('offers "Not registered?" and the enrollment code, each opening its flow', async () => {
    mockIPC((cmd) => (cmd === 'help_desk_info' ? helpDesk : null))
    const onregister = vi.fn()
    const onenroll = vi.fn()
    render(SignIn, { mode: 'shared', onsignedin: () => {}, onregister, onenroll })
    const links = screen.getByRole('navigation', { name: 'New to Dealer Access' })
    expect(links).toHaveTextContent('Not registered?')
    await fireEvent.click(screen.getByRole('button', { name: 'Register under your dealership’s PDN' }))
    await fireEvent.click(screen.getByRole('button', { name: 'I have an enrollment code' }))
    expect(onregister).toHaveBeenCalledOnce()
    expect(onenroll).toHaveBeenCalledOnce()
  })
})
