// What needs the office manager's attention, counted from the staff list and the
// requests: locked user IDs, those going inactive within 7 days, inactive ones, requests
// waiting on the dealership (needs information) and overdue ones. Each count links to
// the list filtered to it; a zero is not shown.
import type { DealerUser } from '../api/requests'
import { reactivatable } from '../staff/staff'

/** "Goes inactive within 7 days": the countdown the strip and the staff filter share. */
export const SOON_DAYS = 7

export const goesInactiveSoon = (user: DealerUser) =>
  user.status === 'active' && user.inactivity?.status === 'deactivates_soon' && user.inactivity.days_left <= SOON_DAYS

export type AttentionKey = 'locked' | 'soon' | 'inactive' | 'needs_info' | 'overdue'

export interface Attention {
  key: AttentionKey
  label: string
  count: number
}

export function attentionOf(users: DealerUser[], needsInfo: number, overdue: number): Attention[] {
  const all: Attention[] = [
    { key: 'locked', label: 'Locked', count: users.filter((u) => u.status === 'locked').length },
    { key: 'soon', label: `Goes inactive within ${SOON_DAYS} days`, count: users.filter(goesInactiveSoon).length },
    { key: 'inactive', label: 'Inactive', count: users.filter(reactivatable).length },
    { key: 'needs_info', label: 'Needs information', count: needsInfo },
    { key: 'overdue', label: 'Overdue', count: overdue },
  ]
  return all.filter((a) => a.count > 0)
}
