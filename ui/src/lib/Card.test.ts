import { render, screen } from '@testing-library/svelte'
import { createRawSnippet } from 'svelte'
import { describe, expect, it } from 'vitest'
import Card from './Card.svelte'

const html = (markup: string) => createRawSnippet(() => ({ render: () => markup }))

describe('Card', () => {
  it('is a region named by its title, with the title’s id built from its own', () => {
    render(Card, { id: 'mail', title: 'Mail', children: html('<p>Now: not set up.</p>'), 'data-testid': 'mail-card' })
    const region = screen.getByRole('region', { name: 'Mail' })
    expect(region).toHaveAttribute('data-testid', 'mail-card')
    expect(screen.getByRole('heading', { level: 2, name: 'Mail' })).toHaveAttribute('id', 'mail-title')
  })

  it('takes a title with markup, which still names the region', () => {
    render(Card, { title: html('<span>James Chen <span class="muted">(jchen)</span></span>'), children: html('<p>…</p>') })
    expect(screen.getByRole('region', { name: 'James Chen (jchen)' })).toBeInTheDocument()
  })

  it('without a title, is named by a sentence of its content when told which', () => {
    render(Card, { labelledby: 'done', children: html('<p id="done">The password is changed.</p>') })
    expect(screen.getByRole('region', { name: 'The password is changed.' })).toBeInTheDocument()
  })

  it('as a plain surface (a div) is no region, and leaves naming to what holds it', () => {
    render(Card, { tag: 'div', id: 'hd-find', title: 'Find a caller', children: html('<p>…</p>') })
    expect(screen.queryByRole('region')).toBeNull()
    expect(screen.getByRole('heading', { name: 'Find a caller' })).toHaveAttribute('id', 'hd-find-title')
  })

  it('moves focus to its title when what it shows changed', () => {
    const { component } = render(Card, { title: 'James Chen', children: html('<p>…</p>') })
    component.focusTitle()
    expect(screen.getByRole('heading', { name: 'James Chen' }), 'a screen reader starts at the new content').toHaveFocus()
  })

  it('marks a card about something wrong with the danger edge', () => {
    render(Card, { title: 'Your administrator’s settings need attention', tone: 'danger', children: html('<p>…</p>') })
    expect(screen.getByRole('region')).toHaveClass('danger')
  })

  it('says busy while its content loads', () => {
    render(Card, { tag: 'div', busy: true, children: html('<p>Looking up the caller…</p>'), 'data-testid': 'c' })
    expect(screen.getByTestId('c')).toHaveAttribute('aria-busy', 'true')
  })
})
