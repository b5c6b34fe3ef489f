import { render, screen, within } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import Timeline from './Timeline.svelte'

describe('Timeline', () => {
  it('lists the items in order, with machine-readable times', () => {
    render(Timeline, {
      label: 'Request history',
      items: [
        { title: 'Submitted', at: '2026-11-27T15:00:00Z', detail: 'by mgarcia' },
        { title: 'In review', at: '2026-11-28T14:30:00Z' },
      ],
    })
    const list = screen.getByRole('list', { name: 'Request history' })
    const items = within(list).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent('Submitted')
    expect(items[0]).toHaveTextContent('by mgarcia')
    expect(items[0].querySelector('time')).toHaveAttribute('datetime', '2026-11-27T15:00:00Z')
  })

  it('marks the current step for assistive technology and says each state in words', () => {
    render(Timeline, {
      label: 'Steps',
      items: [
        { title: 'User ID', state: 'done' },
        { title: 'Questions', state: 'current' },
        { title: 'New password', state: 'upcoming' },
      ],
    })
    const items = screen.getAllByRole('listitem')
    expect(items[1]).toHaveAttribute('aria-current', 'step')
    expect(items[0]).not.toHaveAttribute('aria-current')
    expect(items[0]).toHaveTextContent('(done)')
    expect(items[2]).toHaveTextContent('(not yet)')
  })
})
