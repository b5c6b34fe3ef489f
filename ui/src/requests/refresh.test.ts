import { fireEvent, render, screen } from '@testing-library/svelte'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RequestFilter, RequestPage, RequestSummary } from '../api/requests'
import ImportPage from '../import/ImportPage.svelte'
import RequestList from '../request-detail/RequestList.svelte'
import { onRequestsChanged, requestsChanged } from './changes'

afterEach(() => clearMocks())
// The page's shell watches its size; jsdom has no ResizeObserver (this file only).
vi.stubGlobal('ResizeObserver', class { observe() {} unobserve() {} disconnect() {} })

const summary = (id: number): RequestSummary => ({
  id, kind: 'new_user', state: 'submitted', pdn: '01234', dealership_name: 'Lakeside Motors', user_id: `u${id}`,
  first_name: 'Sara', last_name: 'Lopez', applications: [], submitted_by: 'mgarcia', submitted_at: '2026-11-27T19:05:00Z',
  due_at: '2026-11-30T22:00:00Z', overdue: false, updated_at: '2026-11-27T19:05:00Z',
})

describe('lists that follow the requests', () => {
  it('a finished CSV import tells the open lists to load again', async () => {
    mockIPC((cmd) => {
      if (cmd === 'import_requests') return { created: 1, duplicates: 0, errors: 0, rows: [{ row: 1, user_id: 'slopez', outcome: 'created', request_id: 1060, errors: [] }] }
      throw { code: 'unknown', message: `no mock for ${cmd}` }
    })
    const heard = vi.fn()
    const unlisten = onRequestsChanged(heard)
    const { container } = render(ImportPage, { onopenrequest: () => {} })
    const csv = 'first_name,last_name,email,business_phone,role,user_id,applications\nSara,Lopez,sara@lakeside.example,(312) 555-0140,salesperson,slopez,smartcash\n'
    await fireEvent.change(container.querySelector('#import-file')!, { target: { files: [new File([csv], 'staff.csv', { type: 'text/csv' })] } })
    expect(heard).not.toHaveBeenCalled()
    await fireEvent.click(screen.getByRole('button', { name: 'Import' }))
    await vi.waitFor(() => expect(heard, 'once the report is in').toHaveBeenCalledTimes(1))
    unlisten()
  })

  it('the requests list loads again on its page, with its filters, without going busy, and keeps the focus', async () => {
    const asked: RequestFilter[] = []
    const load = vi.fn(async (filter: RequestFilter): Promise<RequestPage> => {
      asked.push(filter)
      const offset = Number(filter.after ?? 0)
      return { requests: [summary(100 + offset)], total: 3, total_capped: false, next_after: offset < 2 ? String(offset + 1) : null }
    })
    render(RequestList, { id: 'list', title: 'Requests', load, onopen: () => {}, pageSize: 1, initial: { state: 'submitted' } })
    await screen.findByText('Showing 1–1 of 3')
    await fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    await screen.findByText('Showing 2–2 of 3')
    const next = screen.getByRole('button', { name: 'Next' })
    next.focus()

    requestsChanged()
    await vi.waitFor(() => expect(asked).toHaveLength(3))
    expect(asked[2], 'the same filter and page').toEqual({ state: 'submitted', limit: 1, after: '1' })
    expect(document.querySelector('[aria-busy="true"]'), 'a refresh nobody asked for does not go busy').toBeNull()
    await screen.findByText('Showing 2–2 of 3')
    expect(document.activeElement, 'focus stays on Next').toBe(next)
  })
})
