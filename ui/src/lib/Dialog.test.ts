import { fireEvent, render, screen } from '@testing-library/svelte'
import { createRawSnippet } from 'svelte'
import { describe, expect, it, vi } from 'vitest'
import Dialog from './Dialog.svelte'

const body = createRawSnippet(() => ({ render: () => '<p>Your answers are not kept.</p>' }))

describe('Dialog', () => {
  it('opens as a modal named by its title', async () => {
    render(Dialog, { open: true, title: 'Stop resetting your password?', children: body })
    const dialog = screen.getByRole('dialog', { name: 'Stop resetting your password?' })
    expect(dialog).toHaveAttribute('open')
    expect(dialog).toHaveTextContent('Your answers are not kept.')
  })

  it('shows nothing while closed', () => {
    render(Dialog, { open: false, title: 'Hidden', children: body })
    expect(screen.queryByText('Your answers are not kept.')).toBeNull()
  })

  it('reports a close (Escape, or a button that sets open to false)', async () => {
    const onclose = vi.fn()
    render(Dialog, { open: true, title: 'Close me', children: body, onclose })
    const dialog = screen.getByRole('dialog', { name: 'Close me' }) as HTMLDialogElement
    dialog.close()
    await fireEvent(dialog, new Event('close'))
    expect(onclose).toHaveBeenCalled()
    expect(screen.queryByText('Your answers are not kept.')).toBeNull()
  })
})
