// Words and tones for the states a badge can show: a request's state (DESIGN.md's
// lifecycle) and an account's, in the one glossary of UX.md (an active user ID near the
// end of its clock reads "Goes inactive in N days", see staff/staff.ts). The word always carries the meaning; the colour only
// repeats it.

export type RequestStatus =
  | 'submitted'
  | 'in_review'
  | 'needs_info'
  | 'approved'
  | 'completed'
  | 'rejected'
  | 'cancelled'
export type AccountStatus = 'active' | 'locked' | 'inactive' | 'pending' | 'deactivated'
// `deactivating`: an active user ID inside the inactivity reminder window.
export type Status = RequestStatus | AccountStatus | 'overdue' | 'deactivating'
export type Tone = 'neutral' | 'info' | 'ok' | 'warn' | 'danger'

export const statusText: Record<Status, { label: string; tone: Tone }> = {
  submitted: { label: 'Submitted', tone: 'info' },
  in_review: { label: 'In review', tone: 'info' },
  needs_info: { label: 'Needs information', tone: 'warn' },
  approved: { label: 'Approved', tone: 'ok' },
  completed: { label: 'Completed', tone: 'ok' },
  rejected: { label: 'Rejected', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  active: { label: 'Active', tone: 'ok' },
  locked: { label: 'Locked', tone: 'danger' },
  inactive: { label: 'Inactive', tone: 'warn' },
  pending: { label: 'Pending', tone: 'info' },
  deactivated: { label: 'Deactivated', tone: 'neutral' },
  overdue: { label: 'Overdue', tone: 'danger' },
  deactivating: { label: 'Goes inactive soon', tone: 'warn' },
}
