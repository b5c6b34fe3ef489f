import { render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it } from 'vitest'
import HelpDeskCard, { forgetHelpDeskInfo } from './HelpDeskCard.svelte'

const info = {
  name: 'Dealer Services Help Desk',
  phone: '1-800-555-0142',
  hours: 'Mon 8 am–10 pm, Tue–Fri 8 am–8 pm, Sat 9 am–7 pm, Sun noon–5 pm (ET)',
  time_zone: 'America/New_York',
  open_now: false,
  closes_at: null,
  next_opening: '2026-11-30T13:00:00Z',
  status_text: 'Closed; opens tomorrow at 8 am ET',
}

afterEach(() => {
  clearMocks()
  forgetHelpDeskInfo()
})

describe('HelpDeskCard', () => {
  it('shows the phone, the hours and whether the help desk is open', async () => {
    mockIPC((cmd) => {
      if (cmd === 'help_desk_info') return info
      throw new Error(`unexpected command ${cmd}`)
    })
    render(HelpDeskCard)
    expect(await screen.findByText('1-800-555-0142')).toHaveAttribute('href', 'tel:1-800-555-0142')
    expect(screen.getByTestId('help-desk-status')).toHaveTextContent('Closed; opens tomorrow at 8 am ET')
    expect(screen.getByText(info.hours)).toBeInTheDocument()
  })

  it('shows the error message and a retry when the portal cannot be reached', async () => {
    let calls = 0
    mockIPC((cmd) => {
      if (cmd === 'last_help_desk') return null
      calls += 1
      if (calls === 1) {
        throw { code: 'unreachable', message: 'The portal cannot be reached.' }
      }
      return info
    })
    render(HelpDeskCard)
    expect(await screen.findByRole('alert')).toHaveTextContent('The portal cannot be reached.')
    screen.getByRole('button', { name: 'Try again' }).click()
    expect(await screen.findByText('1-800-555-0142')).toBeInTheDocument()
    expect(calls).toBe(2)
  })

  it('after a restart with the portal down, shows the number and hours kept with the settings', async () => {
    mockIPC((cmd) => {
      if (cmd === 'help_desk_info') throw { code: 'unreachable', message: 'The portal cannot be reached.' }
      if (cmd === 'last_help_desk') {
        return { ...info, open_now: false, next_opening: null, status_text: 'Could not check whether it is open right now.' }
      }
      throw new Error(`unexpected command ${cmd}`)
    })
    render(HelpDeskCard)
    expect(await screen.findByText('1-800-555-0142')).toHaveAttribute('href', 'tel:1-800-555-0142')
    expect(screen.getByText(info.hours)).toBeInTheDocument()
    expect(screen.getByTestId('help-desk-status')).toHaveTextContent('Could not check whether it is open right now.')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('keeps the last known number and hours when the portal stops answering', async () => {
    let reachable = true
    mockIPC(() => {
      if (!reachable) throw { code: 'unreachable', message: 'The portal cannot be reached.' }
      return info
    })
    const first = render(HelpDeskCard)
    expect(await screen.findByText('1-800-555-0142')).toBeInTheDocument()
    first.unmount()
    reachable = false
    render(HelpDeskCard)
    expect(screen.getByText('1-800-555-0142')).toBeInTheDocument()
    expect(await screen.findByText('Could not check whether it is open right now.')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
