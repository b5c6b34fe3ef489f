import { fireEvent, render, screen } from '@testing-library/svelte'
import { tick } from 'svelte'
import { describe, expect, it } from 'vitest'
import PasswordField from './PasswordField.svelte'

describe('PasswordField', () => {
  it('hides the password until asked, and says what the button will do', async () => {
    render(PasswordField, { id: 'pw', label: 'Password' })
    const input = screen.getByLabelText('Password')
    expect(input).toHaveAttribute('type', 'password')
    await fireEvent.click(screen.getByRole('button', { name: 'Show password' }))
    expect(input).toHaveAttribute('type', 'text')
    await fireEvent.click(screen.getByRole('button', { name: 'Hide password' }))
    expect(input).toHaveAttribute('type', 'password')
  })

  it('warns while Caps Lock is on, as part of the field description', async () => {
    render(PasswordField, { id: 'pw', label: 'Password' })
    const input = screen.getByLabelText('Password')
    await fireEvent.keyDown(input, { key: '1', modifierCapsLock: true })
    expect(input).toHaveAccessibleDescription(/Caps Lock is on: passwords are case sensitive\./)
    await fireEvent.keyDown(input, { key: '1' })
    expect(input).not.toHaveAccessibleDescription(/Caps Lock/)
  })

  it('infers Caps Lock from a letter typed upper case without Shift', async () => {
    render(PasswordField, { id: 'pw', label: 'Password' })
    const input = screen.getByLabelText('Password')
    await fireEvent.keyDown(input, { key: 'Q' })
    expect(screen.getByText(/Caps Lock is on/)).toBeInTheDocument()
    await fireEvent.keyDown(input, { key: 'Q', shiftKey: true })
    expect(screen.queryByText(/Caps Lock is on/)).toBeNull()
    await fireEvent.keyDown(input, { key: 'q', shiftKey: true })
    expect(screen.getByText(/Caps Lock is on/)).toBeInTheDocument()
  })

  it('keeps the Caps Lock warning until the click that left the field is over', async () => {
    // Removing the line mid-click would move the button below away from the pointer.
    render(PasswordField, { id: 'pw', label: 'Password' })
    const input = screen.getByLabelText('Password')
    const button = screen.getByRole('button', { name: 'Show password' })
    await fireEvent.keyDown(input, { key: 'Q' })
    await fireEvent.pointerDown(button)
    await fireEvent.blur(input)
    expect(screen.getByText(/Caps Lock is on/)).toBeInTheDocument()
    await fireEvent.pointerUp(button)
    await new Promise((resolve) => setTimeout(resolve, 0))
    await tick()
    expect(screen.queryByText(/Caps Lock is on/)).toBeNull()
    // Left by the keyboard (Tab): at once.
    await fireEvent.keyDown(input, { key: 'Q' })
    await fireEvent.blur(input)
    expect(screen.queryByText(/Caps Lock is on/)).toBeNull()
  })

  it('shows an inline error tied to the input', () => {
    render(PasswordField, { id: 'pw', label: 'New password', error: 'This password is too short.' })
    const input = screen.getByLabelText('New password')
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription(/This password is too short\./)
  })
})
