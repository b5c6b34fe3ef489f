import { fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it } from 'vitest'
import HelpDeskConsole from './HelpDeskConsole.svelte'

const caller = {
  user_id: 'jchen',
  first_name: 'James',
  last_name: 'Chen',
  role: 'staff',
  pdn: '01234',
  dealership_name: 'Lakeside Motors',
  status: 'locked',
  lock: { since: '2026-11-29T14:10:00Z', kind: 'password', failures: 5 },
  failed_attempts: 5,
  verify_failures: 0,
  secret_question: 'What was the name of your first pet?',
  two_step_on: false,
  email: 'james.chen@lakeside.example',
  phone: '+13125550142',
  verify_tries_left: 3,
  office_managers: [],
  recent_events: [],
}

afterEach(() => clearMocks())

function renderConsole(matched: boolean) {
  const calls: { cmd: string; args: unknown }[] = []
  mockIPC((cmd, args) => {
    calls.push({ cmd, args })
    if (cmd === 'help_desk_search') {
      const { user_id, first_name, last_name, email, role, pdn, dealership_name, status } = caller
      return { matches: [{ user_id, first_name, last_name, email, role, pdn, dealership_name, status }], total: 1, next_offset: null }
    }
    if (cmd === 'help_desk_find_user') return caller
    if (cmd === 'help_desk_verify') return { matched }
    if (cmd === 'help_desk_unlock') return { temporary_password: 'vivid-mango-47-orbit', expires_at: '2026-12-02T15:00:00Z' }
    return null
  })
  render(HelpDeskConsole)
  return calls
}

async function findAndVerify(answer: string) {
  await fireEvent.input(screen.getByLabelText('Name, user ID, email or PDN'), { target: { value: 'jchen' } })
  await fireEvent.click(screen.getByRole('button', { name: 'Find' }))
  await fireEvent.input(await screen.findByLabelText('Caller’s answer'), { target: { value: answer } })
  await fireEvent.click(screen.getByRole('button', { name: 'Verify' }))
}

describe('HelpDeskConsole', () => {
  it('unlocks only after a match, and shows the temporary password once', async () => {
    const calls = renderConsole(true)
    const unlock = () => screen.getByRole('button', { name: 'Unlock and issue a temporary password' })
    await fireEvent.input(screen.getByLabelText('Name, user ID, email or PDN'), { target: { value: 'jchen' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    await screen.findByText(caller.secret_question)
    expect(unlock()).toBeDisabled()
    await fireEvent.input(screen.getByLabelText('Caller’s answer'), { target: { value: 'Rex' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Verify' }))
    await screen.findByText('Match.')
    expect(screen.getByLabelText('Caller’s answer')).toHaveValue('')
    expect(unlock()).toBeEnabled()
    await fireEvent.click(unlock())
    expect(await screen.findByText('vivid-mango-47-orbit')).toBeInTheDocument()
    expect(screen.getByText('Shown only once.')).toBeInTheDocument()
    await fireEvent.click(screen.getByRole('button', { name: 'Done, next caller' }))
    expect(screen.queryByText('vivid-mango-47-orbit')).toBeNull()
    expect(calls.filter((c) => c.cmd === 'help_desk_unlock')).toHaveLength(1)
  })

  it('after no match the unlock stays disabled and the caller is read again', async () => {
    const calls = renderConsole(false)
    await findAndVerify('Spot')
    await screen.findByText('No match.')
    expect(screen.getByRole('button', { name: 'Unlock and issue a temporary password' })).toBeDisabled()
    expect(calls.filter((c) => c.cmd === 'help_desk_find_user')).toHaveLength(2)
  })
})
