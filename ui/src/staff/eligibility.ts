// Which requests about an existing person apply to whom, and in words why not. One rule
// for the staff row's menu and the request form's person picker, so the two never offer
// different things (UX.md: offer only what is possible; explain the rest before it is
// chosen). The portal checks again and is the authority.
import type { DealerUser, RequestSummary } from '../api/requests'
import { reactivatable } from './staff'

/** The requests filed about someone who has a user ID already. */
export type PersonKind = 'remove_application_access' | 'reactivation' | 'deactivation'
export const personKinds: PersonKind[] = ['remove_application_access', 'reactivation', 'deactivation']

export interface EligibilityContext {
  /** The signed-in office manager's user ID: they do not deactivate themselves here. */
  me: string
  /** Reactivation requests still open, by user ID: another one is not filed. */
  reactivationsOpen?: Record<string, { id: number }>
}

export type Eligibility = { ok: true } | { ok: false; reason: string }

const yes: Eligibility = { ok: true }
const no = (reason: string): Eligibility => ({ ok: false, reason })

/** Active, locked or inactive: the person holds a user ID that works or can work again. */
export const holdsAccess = (user: DealerUser) =>
  user.status === 'active' || user.status === 'locked' || user.status === 'inactive'

/** Whether `kind` applies to `user`, and if not, why, in the glossary's words. */
export function eligibility(kind: PersonKind, user: DealerUser, context: EligibilityContext): Eligibility {
  switch (kind) {
    case 'remove_application_access':
      if (user.status === 'pending') return no('Pending: holds no applications yet')
      if (user.status === 'deactivated') return no('Deactivated: holds no applications')
      return user.applications.length > 0 ? yes : no('Holds no applications')
    case 'reactivation': {
      const open = context.reactivationsOpen?.[user.user_id]
      if (open) return no(`Reactivation already requested (request #${open.id})`)
      if (reactivatable(user)) return yes
      if (user.status === 'locked') return no('Locked, not inactive: the help desk unlocks it')
      if (user.status === 'pending') return no('Pending: not set up yet')
      if (user.status === 'deactivated') return no('Deactivated: file a new-user request instead')
      return no('Active: only inactive user IDs are reactivated')
    }
    case 'deactivation':
      if (user.status === 'pending') return no('Pending: cancel their new-user request instead')
      if (user.status === 'deactivated') return no('Already deactivated')
      if (user.user_id === context.me) return no('This is you: you cannot end your own access')
      return yes
  }
}

/** The open (not yet closed) reactivation requests among `requests`, by user ID. */
export function openReactivations(requests: RequestSummary[]): Record<string, RequestSummary> {
  const open = requests.filter(
    (r) => r.kind === 'reactivation' && !['completed', 'rejected', 'cancelled'].includes(r.state),
  )
  return Object.fromEntries(open.map((r) => [r.user_id, r]))
}
