import { render, screen } from '@testing-library/svelte'
import { createRawSnippet } from 'svelte'
import { describe, expect, it, vi } from 'vitest'
import Button from './Button.svelte'

const text = (s: string) => createRawSnippet(() => ({ render: () => `<span>${s}</span>` }))

describe('Button', () => {
  it('is a plain button by default and calls its handler', () => {
    const onclick = vi.fn()
    render(Button, { children: text('Save'), onclick })
    const button = screen.getByRole('button', { name: 'Save' })
    expect(button).toHaveAttribute('type', 'button')
    button.click()
    expect(onclick).toHaveBeenCalledOnce()
  })

  it('while busy: disabled, marked busy, and says what it is doing', () => {
    render(Button, { children: text('Sign in'), type: 'submit', busy: true, busyLabel: 'Signing in…' })
    const button = screen.getByRole('button', { name: 'Signing in…' })
    expect(button).toBeDisabled()
    expect(button).toHaveAttribute('aria-busy', 'true')
    expect(button).toHaveAttribute('type', 'submit')
  })

  it('passes other attributes through', () => {
    render(Button, { children: text('Sign out'), variant: 'secondary', 'data-testid': 'sign-out' })
    expect(screen.getByTestId('sign-out')).toHaveClass('secondary')
  })
})
