import { describe, expect, it } from 'vitest'
import { dueOf, managerMayCancel, noteRequired, reviewerActions, timelineOf } from './history'

describe('a request’s history and what may be done next', () => {
  it('reads each transition with its actor and note; the last one is current', () => {
    const items = timelineOf([
      { at: '2026-11-23T16:10:00Z', actor: null, action: 'submit', from: null, to: 'submitted', note: null },
      { at: '2026-11-24T15:30:00Z', actor: 'reviewer.sam', action: 'request_info', from: 'in_review', to: 'needs_info', note: 'Which role?' },
    ])
    expect(items).toEqual([
      { title: 'Submitted', detail: 'by the registrant; now submitted.', at: '2026-11-23T16:10:00Z', state: 'done' },
      {
        title: 'Information requested',
        detail: 'by reviewer.sam; now needs information. Note: “Which role?”',
        at: '2026-11-24T15:30:00Z',
        state: 'current',
      },
    ])
  })

  it('offers a reviewer only what the state machine allows', () => {
    expect(reviewerActions('submitted')).toEqual(['start_review', 'cancel'])
    expect(reviewerActions('in_review')).toEqual(['approve', 'reject', 'request_info', 'cancel'])
    expect(reviewerActions('approved')).toEqual(['complete', 'request_info', 'cancel'])
    expect(reviewerActions('completed')).toEqual([])
    expect(noteRequired('reject') && noteRequired('request_info') && !noteRequired('approve')).toBe(true)
  })

  it('lets the manager cancel until approval', () => {
    expect(managerMayCancel('needs_info')).toBe(true)
    expect(managerMayCancel('approved')).toBe(false)
    expect(managerMayCancel('cancelled')).toBe(false)
  })

  it('says when a request is due, how long overdue, whose turn it is, or when it closed', () => {
    const now = new Date('2026-11-29T15:00:00Z')
    const r = { state: 'submitted' as const, due_at: '2026-11-30T22:00:00Z', overdue: false, updated_at: '2026-11-27T19:05:00Z' }
    expect(dueOf(r, 'manager', now)).toEqual({ text: 'Due tomorrow, 5 pm ET', tone: 'due' })
    expect(dueOf({ ...r, state: 'in_review', due_at: '2026-11-25T22:00:00Z', overdue: true }, 'manager', now)).toEqual({
      text: '4 days overdue',
      tone: 'overdue',
    })
    expect(dueOf({ ...r, state: 'needs_info', due_at: '2026-11-24T22:00:00Z' }, 'manager', now, 'America/New_York').text).toBe(
      'Waiting on you since Nov 27',
    )
    expect(dueOf({ ...r, state: 'needs_info' }, 'reviewer', now, 'America/New_York').text).toBe(
      'Waiting on the dealership since Nov 27',
    )
    expect(dueOf({ ...r, state: 'completed', updated_at: '2026-11-17T16:00:00Z' }, 'manager', now, 'America/New_York')).toEqual({
      text: 'Closed Nov 17',
      tone: 'closed',
    })
  })
})
