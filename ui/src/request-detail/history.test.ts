import { describe, expect, it } from 'vitest'
import { easternTime } from '../lib/eastern'
import { managerMayCancel, noteRequired, reviewerActions, timelineOf } from './history'

describe('a request’s history and what may be done next', () => {
  it('reads each transition with its actor and note; the last one is current', () => {
    const items = timelineOf([
      { at: '2026-11-23T16:10:00Z', actor: null, action: 'submit', from: null, to: 'submitted', note: null },
      { at: '2026-11-24T15:30:00Z', actor: 'rlee', action: 'request_info', from: 'in_review', to: 'needs_info', note: 'Which role?' },
    ])
    expect(items).toEqual([
      { title: 'Submitted', detail: 'by the registrant; now submitted.', at: '2026-11-23T16:10:00Z', state: 'done' },
      {
        title: 'Information requested',
        detail: 'by rlee; now needs information. Note: “Which role?”',
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

  it('shows due times in Eastern time, with daylight saving', () => {
    expect(easternTime('2026-11-30T22:00:00Z')).toBe('Mon, Nov 30, 2026, 5:00 PM ET')
    expect(easternTime('2026-07-01T21:00:00Z')).toBe('Wed, Jul 1, 2026, 5:00 PM ET')
  })
})
