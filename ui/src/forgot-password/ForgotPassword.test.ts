import { fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ForgotPassword from './ForgotPassword.svelte'

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
const questions = [
  { id: 'first_street', text: 'What was the name of the street you grew up on?' },
  { id: 'first_pet', text: 'What was the name of your first pet?' },
]

afterEach(() => clearMocks())

/** Render the flow with `answers` and `complete` as the portal's behaviour. */
function flow(answers: () => unknown, complete: () => unknown = () => null) {
  const calls: { cmd: string; args: unknown }[] = []
  mockIPC((cmd, args) => {
    calls.push({ cmd, args })
    if (cmd === 'help_desk_info') return helpDesk
    if (cmd === 'start_password_reset') return { questions, wrong_answers_lock_after: 1 }
    if (cmd === 'answer_password_reset') return answers()
    if (cmd === 'complete_password_reset') return complete()
    return null
  })
  const onback = vi.fn()
  render(ForgotPassword, { userId: 'jchen', onback })
  return { calls, onback }
}

async function toQuestions() {
  await fireEvent.click(screen.getByRole('button', { name: 'Continue' }))
  await fireEvent.input(await screen.findByLabelText(questions[0].text), { target: { value: 'Maple Street' } })
  await fireEvent.input(screen.getByLabelText(questions[1].text), { target: { value: 'Rex' } })
  await fireEvent.click(screen.getByRole('button', { name: 'Check answers' }))
}

describe('ForgotPassword', () => {
  it('asks the two questions the portal gives for the user ID and sends the answers in order', async () => {
    const { calls } = flow(() => ({ expires_in_minutes: 15 }))
    await toQuestions()
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument()
    expect(calls.find((c) => c.cmd === 'start_password_reset')?.args).toEqual({ userId: 'jchen' })
    expect(calls.find((c) => c.cmd === 'answer_password_reset')?.args).toEqual({
      userId: 'jchen',
      answers: ['Maple Street', 'Rex'],
    })
  })

  it('on wrong answers shows the portal’s words and the help desk, since a lock looks the same', async () => {
    flow(() => {
      throw { code: 'wrong_answers', message: 'The answers could not be verified.' }
    })
    await toQuestions()
    expect(await screen.findByRole('alert')).toHaveTextContent('The answers could not be verified.')
    // On the help-desk card, and in the sentence that says what not being sure means.
    expect(await screen.findAllByText('1-800-555-0142')).not.toHaveLength(0)
  })

  it('puts the policy’s reasons on the new-password field and keeps the step open', async () => {
    flow(
      () => ({ expires_in_minutes: 15 }),
      () => {
        throw { code: 'weak_password', message: 'This password is too short (9 characters).' }
      },
    )
    await toQuestions()
    const password = await screen.findByLabelText('New password')
    await fireEvent.input(password, { target: { value: 'short one' } })
    await fireEvent.input(screen.getByLabelText('New password again'), { target: { value: 'short one' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Set new password' }))
    expect(await screen.findByText('This password is too short (9 characters).')).toBeInTheDocument()
    expect(password).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument()
  })

  it('after the new password, returns the user ID to the sign-in screen', async () => {
    const { onback } = flow(() => ({ expires_in_minutes: 15 }))
    await toQuestions()
    const password = await screen.findByLabelText('New password')
    await fireEvent.input(password, { target: { value: 'quiet harbor lemon bicycle' } })
    await fireEvent.input(screen.getByLabelText('New password again'), { target: { value: 'quiet harbor lemon bicycle' } })
    await fireEvent.click(screen.getByRole('button', { name: 'Set new password' }))
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }))
    await vi.waitFor(() => expect(onback).toHaveBeenCalledWith('jchen'))
  })
})
