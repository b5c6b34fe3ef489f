// How a dealership user's status reads in the staff list: the word of the one glossary
// (Active, Locked, Goes inactive in N days, Inactive, Deactivated, Pending) and the
// sentence beside it (locked since when and why, when the inactivity clock runs out).
import { attemptKindLabel, type DealerUser } from '../api/requests'
import { formatDate, formatNearDateTime } from '../lib/dates'
import type { Status } from '../lib/status'

export interface StaffStatus {
  badge: Status
  /** The glossary's word, when it says more than the badge's own ("Goes inactive in 4 days"). */
  label: string | null
  detail: string | null
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`)

/** Whether the 60-day clock has run out, also before the nightly job caught up. */
const clockRanOut = (user: DealerUser) => user.status === 'inactive' || (user.status === 'active' && user.inactivity?.status === 'inactive')

export function staffStatus(user: DealerUser, now: Date, timeZone?: string): StaffStatus {
  if (clockRanOut(user)) {
    const since = user.inactivity?.status === 'inactive' ? user.inactivity.since : null
    return {
      badge: 'inactive',
      label: null,
      detail: since ? `No sign-in for 60 days; inactive since ${formatDate(since, now, timeZone)}.` : 'No sign-in for 60 days.',
    }
  }
  switch (user.status) {
    case 'locked': {
      const lock = user.lock
      if (!lock) return { badge: 'locked', label: null, detail: 'Only the help desk can unlock it.' }
      const why = lock.kind ? `${lock.failures} ${attemptKindLabel[lock.kind]}` : `${lock.failures} failed attempts`
      return {
        badge: 'locked',
        label: null,
        detail: `Since ${formatNearDateTime(lock.since, now, timeZone)}, after ${why}. Only the help desk can unlock it.`,
      }
    }
    case 'pending':
      return { badge: 'pending', label: null, detail: 'Waiting for the provider to approve the request.' }
    case 'deactivated':
      return { badge: 'deactivated', label: null, detail: null }
    default: {
      const clock = user.inactivity
      if (clock?.status === 'deactivates_soon') {
        return {
          badge: 'deactivating',
          label: `Goes inactive in ${days(clock.days_left)}`,
          detail: `On ${formatDate(clock.deactivates_at, now, timeZone)}, unless they sign in before.`,
        }
      }
      return { badge: 'active', label: null, detail: null }
    }
  }
}

/** Whether a reactivation request applies: the user ID is inactive. */
export const reactivatable = clockRanOut

/** The roster's file name: roster-<pdn>.csv. */
export const rosterFileName = (pdn: string) => `roster-${pdn}.csv`
