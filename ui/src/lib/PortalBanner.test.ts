import { fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it } from 'vitest'
import { call } from '../api'
import PortalBanner from './PortalBanner.svelte'
import { portalReachable } from './portal-status'

const helpDesk = {
  name: 'Dealer Services Help Desk',
  phone: '1-800-555-0142',
  hours: 'Mon 8 am–10 pm',
  time_zone: 'America/New_York',
  open_now: true,
  closes_at: null,
  next_opening: null,
  status_text: 'Open now',
}

/** A portal that is down until `up()` is called. */
function portal() {
  let down = true
  mockIPC((cmd) => {
    if (cmd === 'portal_info') return { embedded: false, url: 'https://portal.example.com/' }
    if (down) throw { code: 'unreachable', message: 'The portal at https://portal.example.com/ cannot be reached.' }
    if (cmd === 'help_desk_info') return helpDesk
    throw new Error(`unexpected command ${cmd}`)
  })
  return { up: () => (down = false) }
}

afterEach(() => {
  clearMocks()
  portalReachable()
})

describe('PortalBanner', () => {
  it('shows nothing while every command reaches the portal', () => {
    portal()
    render(PortalBanner)
    expect(screen.queryByTestId('portal-banner')).toBeNull()
  })

  it('appears when any command cannot reach the portal, naming it, and Retry lowers it once it answers', async () => {
    const { up } = portal()
    render(PortalBanner)
    await expect(call('dealer_requests', { filter: {} })).rejects.toMatchObject({ code: 'unreachable' })
    const banner = await screen.findByRole('alert')
    expect(await screen.findByText('portal.example.com is not answering.')).toBeInTheDocument()
    expect(banner).toHaveAttribute('data-code', 'unreachable')

    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByTestId('portal-still-down')).toHaveTextContent('Still no answer.')
    expect(screen.getByTestId('portal-banner')).toBeInTheDocument()

    up()
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    await expect.poll(() => screen.queryByTestId('portal-banner')).toBeNull()
  })

  it('says when the portal did not answer in time', async () => {
    mockIPC((cmd) => {
      if (cmd === 'portal_info') return { embedded: true, url: 'http://127.0.0.1:41234/' }
      throw { code: 'timeout', message: 'The portal did not answer in time. Try again in a moment.' }
    })
    render(PortalBanner)
    await expect(call('review_queue', { filter: {} })).rejects.toMatchObject({ code: 'timeout' })
    expect(await screen.findByText('Dealer Access on this computer is not answering.')).toBeInTheDocument()
    expect(screen.getByTestId('portal-banner')).toHaveTextContent('It did not answer in time.')
  })

  it('shows once however many screens mount it', async () => {
    portal()
    render(PortalBanner)
    render(PortalBanner)
    await expect(call('dealer_users', { filter: {} })).rejects.toMatchObject({ code: 'unreachable' })
    await screen.findByTestId('portal-banner')
    expect(screen.getAllByTestId('portal-banner')).toHaveLength(1)
  })
})
