import { render, screen, within } from '@testing-library/svelte'
import { describe, expect, it } from 'vitest'
import StepBar from './StepBar.svelte'

const steps = ['Your PDN', 'Your dealership', 'Password and questions', 'Applications', 'Review', 'Submitted', 'Done']

/** The text a screen reader reads: what is hidden from it (aria-hidden) left out. */
function spoken(element: Element): string {
  const copy = element.cloneNode(true) as Element
  copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove())
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** The text on screen: what is only for screen readers (visually-hidden) left out. */
function shown(element: Element): string {
  const copy = element.cloneNode(true) as Element
  copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove())
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim()
}

describe('StepBar', () => {
  it('shows one compact line, and says it to screen readers as a sentence', () => {
    const { container } = render(StepBar, { steps, current: 2, label: 'Registration steps' })
    const line = container.querySelector('p')!
    expect(shown(line), 'what a sighted person reads').toBe('Step 3 of 7 · Password and questions')
    expect(spoken(line), 'what a screen reader says, without the middle dot').toBe('Step 3 of 7: Password and questions')
  })

  it('lists every step in order, the current one marked for assistive technology', () => {
    render(StepBar, { steps, current: 2, label: 'Registration steps' })
    const items = within(screen.getByRole('list', { name: 'Registration steps' })).getAllByRole('listitem')
    expect(items).toHaveLength(7)
    expect(items[2]).toHaveAttribute('aria-current', 'step')
    expect(items.filter((item) => item.hasAttribute('aria-current')), 'only one step is current').toHaveLength(1)
    expect(items[2]).toHaveTextContent('Password and questions (current)')
  })

  it('says each step’s state in words, not only by the segment’s colour', () => {
    render(StepBar, { steps, current: 2, label: 'Registration steps' })
    const items = screen.getAllByRole('listitem')
    expect(items[0]).toHaveTextContent('Your PDN (done)')
    expect(items[1]).toHaveTextContent('Your dealership (done)')
    expect(items[3]).toHaveTextContent('Applications (not yet)')
    expect(items[6]).toHaveTextContent('Done (not yet)')
    expect(items.map((item) => item.className.split(' ')[0])).toEqual([
      'done', 'done', 'current', 'upcoming', 'upcoming', 'upcoming', 'upcoming',
    ])
  })

  it('on the last step, every earlier step is done', () => {
    const { container } = render(StepBar, { steps: ['User ID', 'Questions', 'Done'], current: 2, label: 'Steps' })
    expect(spoken(container.querySelector('p')!)).toBe('Step 3 of 3: Done')
    const items = screen.getAllByRole('listitem')
    expect(items[0]).toHaveTextContent('(done)')
    expect(items[1]).toHaveTextContent('(done)')
    expect(items[2]).toHaveAttribute('aria-current', 'step')
  })

  it('follows the flow as it moves on and back', async () => {
    const { container, rerender } = render(StepBar, { steps, current: 0, label: 'Registration steps' })
    expect(spoken(container.querySelector('p')!)).toBe('Step 1 of 7: Your PDN')
    await rerender({ steps, current: 4, label: 'Registration steps' })
    expect(spoken(container.querySelector('p')!)).toBe('Step 5 of 7: Review')
    expect(screen.getAllByRole('listitem')[4]).toHaveAttribute('aria-current', 'step')
    expect(screen.getAllByRole('listitem')[0]).not.toHaveAttribute('aria-current')
  })
})
