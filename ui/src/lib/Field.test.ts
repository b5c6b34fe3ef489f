import { render, screen } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import Field from './Field.svelte'

describe('Field', () => {
  it('labels the input and describes it with its hint', () => {
    render(Field, { id: 'pdn', label: 'Dealer number', hint: 'Five digits, like 01234.' })
    const input = screen.getByLabelText('Dealer number')
    expect(input).toHaveAccessibleDescription(/Five digits, like 01234\./)
    expect(input).not.toHaveAttribute('aria-invalid')
  })

  it('ties an error to the input and keeps it in a live region that exists before the error', async () => {
    const { rerender } = render(Field, { id: 'user-id', label: 'User ID', error: null })
    const region = screen.getByTestId('user-id-error')
    expect(region).toHaveAttribute('aria-live', 'polite')
    expect(region.textContent).toBe('')
    await rerender({ id: 'user-id', label: 'User ID', error: 'Enter your user ID.' })
    const input = screen.getByLabelText('User ID')
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription(/Enter your user ID\./)
    expect(screen.getByTestId('user-id-error')).toBe(region)
  })

  it('adds the ids it is given to the description', () => {
    render(Field, { id: 'x', label: 'X', describedby: 'elsewhere' })
    expect(screen.getByLabelText('X').getAttribute('aria-describedby')).toBe('x-error elsewhere')
  })
})
