// What needs the office manager's attention, counted from the staff list, the requests
// and the access review: locked user IDs, those going inactive within 7 days, inactive
// ones, requests waiting on the dealership (needs information) and overdue ones, and the
// people an open access review still has to decide. Each count links to its list (the
// review to Review access); a zero is not shown.
import type { AccessReviewSummary } from '../api/access-reviews'
import type { DealerUser } from '../api/requests'
import { reactivatable } from '../staff/staff'

/** "Goes inactive within 7 days": the countdown the strip and the staff filter share. */
export const SOON_DAYS = 7

export const goesInactiveSoon = (user: DealerUser) =>
  user.status === 'active' && user.inactivity?.status === 'deactivates_soon' && user.inactivity.days_left <= SOON_DAYS

export type AttentionKey = 'locked' | 'soon' | 'inactive' | 'needs_info' | 'overdue' | 'review'

export interface Attention {
  key: AttentionKey
  label: string
  count: number
}

export function attentionOf(
  users: DealerUser[],
  needsInfo: number,
  overdue: number,
  review: AccessReviewSummary | null = null,
): Attention[] {
  const open = review && review.finished_at === null ? review : null
  const all: Attention[] = [
    {
      key: 'review',
      label: open?.overdue ? 'Access review overdue: to decide' : 'Access review: to decide',
      count: open ? open.total - open.decided : 0,
    },
    { key: 'locked', label: 'Locked', count: users.filter((u) => u.status === 'locked').length },
    { key: 'soon', label: `Goes inactive within ${SOON_DAYS} days`, count: users.filter(goesInactiveSoon).length },
    { key: 'inactive', label: 'Inactive', count: users.filter(reactivatable).length },
    { key: 'needs_info', label: 'Needs information', count: needsInfo },
    { key: 'overdue', label: 'Overdue', count: overdue },
  ]
  return all.filter((a) => a.count > 0)
}
