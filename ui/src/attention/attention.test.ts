import { describe, expect, it } from 'vitest'
import type { DealerUser } from '../api/requests'
import { attentionOf, goesInactiveSoon } from './attention'

const person = (over: Partial<DealerUser>): DealerUser => ({
  user_id: 'u', first_name: 'A', last_name: 'B', email: 'a@b.example', role: 'staff', job_role: null,
  status: 'active', lock: null, failed_attempts: 0, last_sign_in_at: null,
  inactivity: { status: 'active', deactivates_at: '2027-01-19T13:15:00Z' },
  two_step_on: false, phone: null, applications: [],
  ...over,
})

describe('what needs attention', () => {
  it('counts locked, going inactive within 7 days, inactive, needs information and overdue', () => {
    const users = [
      person({ status: 'locked' }),
      person({ inactivity: { status: 'deactivates_soon', deactivates_at: '2026-12-03T14:00:00Z', days_left: 4 } }),
      person({ inactivity: { status: 'deactivates_soon', deactivates_at: '2026-12-09T14:00:00Z', days_left: 10 } }),
      person({ status: 'inactive', inactivity: { status: 'inactive', since: '2026-11-10T17:20:00Z' } }),
      // The 60 days ran out before the nightly job: inactive already.
      person({ inactivity: { status: 'inactive', since: '2026-11-28T17:20:00Z' } }),
      person({}),
    ]
    expect(attentionOf(users, 1, 2).map((a) => [a.label, a.count])).toEqual([
      ['Locked', 1],
      ['Goes inactive within 7 days', 1],
      ['Inactive', 2],
      ['Needs information', 1],
      ['Overdue', 2],
    ])
  })

  it('leaves out what is zero, and says nothing when nothing needs attention', () => {
    expect(attentionOf([person({ status: 'locked' })], 0, 0).map((a) => a.key)).toEqual(['locked'])
    expect(attentionOf([person({})], 0, 0)).toEqual([])
  })

  it('counts the people an open access review still has to decide, first', () => {
    const review = {
      id: 7, pdn: '01234', dealership_name: 'Lakeside Motors', opened_at: '2026-11-22T15:00:00Z',
      deadline: '2026-12-11T22:00:00Z', overdue: false, escalated_at: null, reminders_sent: 1,
      finished_at: null, finished_by: null, decided: 1, total: 4,
    }
    expect(attentionOf([person({})], 0, 2, review).map((a) => [a.key, a.label, a.count])).toEqual([
      ['review', 'Access review: to decide', 3],
      ['overdue', 'Overdue', 2],
    ])
    expect(attentionOf([], 0, 0, { ...review, overdue: true })[0].label).toBe('Access review overdue: to decide')
    expect(attentionOf([], 0, 0, { ...review, decided: 4 }), 'all decided: only Finish is left, on the review').toEqual([])
    expect(attentionOf([], 0, 0, { ...review, finished_at: '2026-12-01T15:00:00Z' })).toEqual([])
  })

  it('counts only a countdown of 7 days or less as soon', () => {
    const soon = (days_left: number) =>
      goesInactiveSoon(person({ inactivity: { status: 'deactivates_soon', deactivates_at: '2026-12-03T14:00:00Z', days_left } }))
    expect(soon(7)).toBe(true)
    expect(soon(8)).toBe(false)
  })
})
