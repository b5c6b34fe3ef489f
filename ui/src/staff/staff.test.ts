import { describe, expect, it } from 'vitest'
import type { DealerUser } from '../api/requests'
import { reactivatable, rosterFileName, staffStatus as status } from './staff'

// Sunday, November 29, 2026, 10 am ET; times read in Eastern time.
const now = new Date('2026-11-29T15:00:00Z')
const staffStatus = (user: DealerUser) => status(user, now, 'America/New_York')

const base: DealerUser = {
  user_id: 'jchen', first_name: 'James', last_name: 'Chen', email: 'j@x.example', role: 'staff', job_role: null,
  status: 'active', lock: null, failed_attempts: 0, last_sign_in_at: null,
  inactivity: { status: 'active', deactivates_at: '2027-01-19T13:15:00Z' },
  two_step_on: false, phone: null, applications: [],
}

describe('a staff member’s status as the manager reads it', () => {
  it('says since when and why an account is locked', () => {
    const shown = staffStatus({ ...base, status: 'locked', lock: { since: '2026-11-28T16:40:00Z', kind: 'challenge_answer', failures: 5 } })
    expect(shown.badge).toBe('locked')
    expect(shown.detail).toBe('Since yesterday, 11:40 am, after 5 wrong challenge answers. Only the help desk can unlock it.')
  })

  it('counts down the last days before inactivity, in the glossary’s words', () => {
    const soon = staffStatus({ ...base, inactivity: { status: 'deactivates_soon', deactivates_at: '2026-11-30T14:00:00Z', days_left: 1 } })
    expect(soon.badge).toBe('deactivating')
    expect(soon.label).toBe('Goes inactive in 1 day')
    expect(soon.detail).toBe('On Nov 30, unless they sign in before.')
    expect(staffStatus(base)).toEqual({ badge: 'active', label: null, detail: null })
  })

  it('says since when a user ID is inactive, without the current year', () => {
    const inactive = staffStatus({ ...base, status: 'inactive', inactivity: { status: 'inactive', since: '2026-11-10T17:20:00Z' } })
    expect(inactive).toEqual({ badge: 'inactive', label: null, detail: 'No sign-in for 60 days; inactive since Nov 10.' })
  })

  it('offers reactivation for inactive user IDs only, also before the nightly job ran', () => {
    expect(reactivatable({ ...base, status: 'inactive', inactivity: { status: 'inactive', since: '2026-11-10T17:20:00Z' } })).toBe(true)
    expect(reactivatable({ ...base, inactivity: { status: 'inactive', since: '2026-11-10T17:20:00Z' } })).toBe(true)
    expect(staffStatus({ ...base, inactivity: { status: 'inactive', since: '2026-11-10T17:20:00Z' } }).badge).toBe('inactive')
    expect(reactivatable(base)).toBe(false)
    expect(reactivatable({ ...base, status: 'deactivated', inactivity: null })).toBe(false)
    expect(staffStatus({ ...base, status: 'pending', inactivity: null }).badge).toBe('pending')
  })

  it('names the roster after the PDN', () => {
    expect(rosterFileName('01234')).toBe('roster-01234.csv')
  })
})
