import { render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it } from 'vitest'
import CallHelpDesk from './CallHelpDesk.svelte'
import { forgetHelpDeskInfo } from './HelpDeskCard.svelte'

const info = {
  name: 'Dealer Services Help Desk',
  phone: '1-800-555-0142',
  hours: 'Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm, Sun noon–5 pm (ET)',
  time_zone: 'America/New_York',
  open_now: true,
  closes_at: '2026-11-30T01:00:00Z',
  next_opening: null,
  status_text: 'Open now until 8 pm ET',
}

afterEach(() => {
  clearMocks()
  forgetHelpDeskInfo()
})

describe('CallHelpDesk', () => {
  it('says the sentence the portal says: name, number and whether it is open now', async () => {
    mockIPC((cmd) => (cmd === 'help_desk_info' ? info : null))
    render(CallHelpDesk)
    await screen.findByText('1-800-555-0142')
    expect(screen.getByTestId('call-help-desk')).toHaveTextContent(
      'Call the Dealer Services Help Desk at 1-800-555-0142 (open now until 8 pm ET)',
    )
    expect(screen.getByRole('link', { name: '1-800-555-0142' })).toHaveAttribute('href', 'tel:1-800-555-0142')
  })

  it('without the portal, the number kept with the settings, and no promise of the hours', async () => {
    mockIPC((cmd) => {
      if (cmd === 'last_help_desk') return { ...info, open_now: false, status_text: '' }
      throw { code: 'unreachable', message: 'The portal cannot be reached.' }
    })
    render(CallHelpDesk, { lead: 'call' })
    await screen.findByText('1-800-555-0142')
    expect(screen.getByTestId('call-help-desk')).toHaveTextContent(
      'call the Dealer Services Help Desk at 1-800-555-0142 (whether it is open now could not be checked)',
    )
  })

  it('knowing nothing, it points to where the number is', async () => {
    mockIPC((cmd) => {
      if (cmd === 'last_help_desk') return null
      throw { code: 'unreachable', message: 'The portal cannot be reached.' }
    })
    render(CallHelpDesk)
    expect(await screen.findByTestId('call-help-desk')).toHaveTextContent('Call the help desk (its number is under Help)')
  })
})
