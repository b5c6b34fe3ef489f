import { render, screen } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import StatusBadge from './StatusBadge.svelte'
import { statusText } from './status'

describe('StatusBadge', () => {
  it('says the state in words, the colour only repeats it', () => {
    render(StatusBadge, { status: 'needs_info' })
    const badge = screen.getByText('Needs information')
    expect(badge).toHaveClass('warn')
    expect(badge).toHaveAttribute('data-status', 'needs_info')
  })

  it('has words for every request and account state', () => {
    for (const [status, shown] of Object.entries(statusText)) {
      expect(shown.label, status).not.toBe('')
    }
    expect(Object.keys(statusText)).toEqual(
      expect.arrayContaining(['submitted', 'in_review', 'needs_info', 'approved', 'completed', 'rejected', 'cancelled']),
    )
  })
})
