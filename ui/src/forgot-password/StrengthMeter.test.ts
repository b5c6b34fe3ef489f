import { render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it } from 'vitest'
import StrengthMeter from './StrengthMeter.svelte'
import { forgetPasswordRules } from './password-rules.svelte'

afterEach(() => {
  clearMocks()
  forgetPasswordRules()
})

describe('StrengthMeter', () => {
  it('shows the length the portal asks, not only the default', async () => {
    mockIPC((cmd) => (cmd === 'password_rules' ? { min_chars: 20, max_chars: 256 } : null))
    render(StrengthMeter, { id: 'pw', password: 'seventeen letters', userId: 'pat' })
    expect(await screen.findByText('At least 20 characters')).toBeInTheDocument()
    expect(screen.getByTestId('password-strength')).toHaveTextContent('17 of at least 20 characters')
  })

  it('without an answer, dealer-core’s default (the portal still refuses a short one itself)', async () => {
    mockIPC(() => {
      throw { code: 'unreachable', message: 'The portal cannot be reached.' }
    })
    render(StrengthMeter, { id: 'pw', password: '', userId: 'pat' })
    expect(await screen.findByText('At least 15 characters')).toBeInTheDocument()
  })
})
