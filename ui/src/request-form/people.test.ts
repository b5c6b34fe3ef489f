import { describe, expect, it } from 'vitest'
import type { DealerUser } from '../api/requests'
import { byUserId, matches, personOptions } from './people'

const person = (user_id: string, first_name: string, last_name: string, change: Partial<DealerUser> = {}): DealerUser => ({
  user_id, first_name, last_name, email: `${user_id}@x.example`, role: 'staff', job_role: null, status: 'active', lock: null,
  failed_attempts: 0, last_sign_in_at: null, inactivity: null, two_step_on: false, phone: null, applications: ['smartcash'],
  ...change,
})
const people = [
  person('rbrooks', 'Robert', 'Brooks'),
  person('apatel', 'Anita', 'Patel', { status: 'inactive' }),
  person('jchen', 'James', 'Chen', { status: 'locked' }),
  person('aperez', 'Ángel', 'Pérez', { status: 'inactive' }),
]

describe('the person picker’s list', () => {
  it('finds people by any part of their name or user ID, every word typed, accents aside', () => {
    expect(matches(people[1], 'ani pat')).toBe(true)
    expect(matches(people[1], 'APATEL')).toBe(true)
    expect(matches(people[1], 'anita chen')).toBe(false)
    expect(matches(people[3], 'angel perez')).toBe(true)
    expect(matches(people[0], '  ')).toBe(true)
  })

  it('lists those the request applies to first, by last name, then the others with their reason', () => {
    const options = personOptions(people, 'reactivation', '', { me: 'mgarcia' })
    expect(options.map((o) => o.user.user_id)).toEqual(['apatel', 'aperez', 'rbrooks', 'jchen'])
    expect(options.map((o) => o.eligibility.ok)).toEqual([true, true, false, false])
    expect(options[3].eligibility).toEqual({ ok: false, reason: 'Locked, not inactive: the help desk unlocks it' })
  })

  it('knows a user ID typed in full, in any case', () => {
    expect(byUserId(people, ' JChen ')?.last_name).toBe('Chen')
    expect(byUserId(people, 'jche')).toBeNull()
  })
})
