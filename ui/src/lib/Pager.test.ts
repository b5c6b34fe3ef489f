import { fireEvent, render, screen } from '@testing-library/svelte'
import { describe, expect, it, vi } from 'vitest'
import Pager from './Pager.svelte'

const props = { id: 'list', label: 'Requests', onprevious: () => {}, onnext: () => {} }

describe('Pager', () => {
  it('says which rows are shown, with thousands separated', () => {
    render(Pager, { ...props, offset: 1000, count: 25, total: 1234, hasNext: true })
    expect(screen.getByTestId('list-range').textContent).toBe('Showing 1,001–1,025 of 1,234')
  })

  it('says "1,000+" when the portal stopped counting at its cap', () => {
    render(Pager, { ...props, offset: 0, count: 25, total: 1000, capped: true, hasNext: true })
    expect(screen.getByTestId('list-range').textContent, 'more than a thousand match').toBe('Showing 1–25 of 1,000+')
  })

  it('offers Previous only after the first page and Next only when there is one', async () => {
    const onprevious = vi.fn()
    const onnext = vi.fn()
    const { rerender } = render(Pager, { ...props, offset: 0, count: 3, total: 5, hasNext: true, onprevious, onnext })
    expect(screen.getByRole('navigation', { name: 'Requests pages' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Previous' }), 'the first page has none before it').toBeDisabled()
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    expect(onnext).toHaveBeenCalledTimes(1)
    await rerender({ ...props, offset: 3, count: 2, total: 5, hasNext: false, onprevious, onnext })
    expect(screen.getByRole('button', { name: 'Next' }), 'the last page has none after it').toBeDisabled()
    await fireEvent.click(screen.getByRole('button', { name: 'Previous' }))
    expect(onprevious).toHaveBeenCalledTimes(1)
  })
})
