// How a dealership user's status reads in the staff list: the badge, and the sentence
// beside it (locked since when and why, the inactivity countdown).
import { attemptKindLabel, type DealerUser } from '../api/requests'
import { localDate, localTime } from '../lib/eastern'
import type { Status } from '../lib/status'

export interface StaffStatus {
  badge: Status
  detail: string | null
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`)

export function staffStatus(user: DealerUser): StaffStatus {
  switch (user.status) {
    case 'locked': {
      const lock = user.lock
      if (!lock) return { badge: 'locked', detail: 'Only the help desk can unlock it.' }
      const why = lock.kind ? `${lock.failures} ${attemptKindLabel[lock.kind]}` : `${lock.failures} failed attempts`
      return { badge: 'locked', detail: `Since ${localTime(lock.since)} after ${why}. Only the help desk can unlock it.` }
    }
    case 'inactive': {
      const since = user.inactivity?.status === 'inactive' ? user.inactivity.since : null
      return {
        badge: 'inactive',
        detail: since
          ? `No sign-in for 60 days; inactive since ${localDate(since)}.`
          : 'No sign-in for 60 days.',
      }
    }
    case 'pending':
      return { badge: 'pending', detail: 'Waiting for the provider to approve the request.' }
    case 'deactivated':
      return { badge: 'deactivated', detail: null }
    case 'active': {
      const clock = user.inactivity
      if (clock?.status === 'deactivates_soon') {
        return {
          badge: 'deactivating',
          detail: `Deactivates in ${days(clock.days_left)} (${localDate(clock.deactivates_at)}) without a sign-in.`,
        }
      }
      if (clock?.status === 'inactive') {
        // The 60 days ran out and the nightly job has not caught up yet.
        return { badge: 'inactive', detail: `No sign-in for 60 days; inactive since ${localDate(clock.since)}.` }
      }
      return { badge: 'active', detail: null }
    }
  }
}

/** Whether the one-click "Request reactivation" applies. */
export const reactivatable = (user: DealerUser) =>
  user.status === 'inactive' || (user.status === 'active' && user.inactivity?.status === 'inactive')

/** The roster's file name: roster-<pdn>.csv. */
export const rosterFileName = (pdn: string) => `roster-${pdn}.csv`
