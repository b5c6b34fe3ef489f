// An audit entry in words an office manager understands. The portal sends typed values
// (an event, an outcome, and the facts that go with the event as a tagged detail); these
// turn them into what happened, its outcome with a tone, and a readable sentence. The maps
// are total over the generated types, so an event the portal can write and this screen
// cannot word is a type error, not a raw name on screen.
import { roleLabel, type CommandError } from '../api'
import type { AuditEntry } from '../api/audit'
import type { AuditDetail } from '../bindings/AuditDetail'
import type { AuditEvent } from '../bindings/AuditEvent'
import type { AuditOutcome } from '../bindings/AuditOutcome'
import { attemptKindLabel, kindLabel } from '../api/requests'
import { statusText, type Tone } from '../lib/status'
import { formatDateTime } from '../lib/dates'

/** What happened, by event. */
export const eventLabel: Record<AuditEvent, string> = {
  sign_in: 'Sign-in',
  sign_out: 'Signed out',
  account_locked: 'Online access locked',
  password_change: 'Password change',
  questions_change: 'Challenge questions change',
  email_change: 'Email change',
  phone_change: 'Business phone change',
  two_step_enabled: 'Two-step sign-in turned on',
  two_step_reset: 'Two-step sign-in reset by the help desk',
  password_reset_start: 'Password reset started',
  password_reset_answers: 'Password reset: challenge answers',
  password_reset: 'Password reset: new password set',
  enrollment: 'Enrolled with a code',
  registration_submitted: 'Registration submitted',
  request_submitted: 'User ID Request filed',
  request_transition: 'User ID Request moved on',
  inactivity_deactivated: 'Made inactive: no recent sign-in',
  account_created: 'User ID created',
  help_desk_lookup: 'Help desk looked the user up',
  help_desk_verify: 'Help desk caller check',
  help_desk_unlock: 'Help desk unlock',
  dealership_created: 'Dealership brought on',
  access_review_opened: 'Access review opened',
  access_review_finished: 'Access review finished',
  access_review_escalated: 'Access review overdue',
  dealership_changed: 'Dealership details changed',
  dealership_closed: 'Dealership closed',
  dealership_reopened: 'Dealership reopened',
  invitation: 'Invited to enroll',
  role_change: 'Role change',
  provider_staff_deactivated: 'Provider access ended',
  provider_staff_reactivated: 'Provider access restored',
  unlock_approved: 'Unlock approved by a second admin',
  two_step_reset_approved: 'Two-step reset approved by a second admin',
  session_revoked: 'Signed out another device',
  device_forgotten: 'Forgot a remembered computer',
  rate_limited: 'Too many requests refused',
  unknown: 'Other event',
}

export interface Outcome {
  label: string
  tone: Tone
}

/** How it ended, by outcome. */
export const outcomeText: Record<AuditOutcome, Outcome> = {
  success: { label: 'Done', tone: 'ok' },
  questions_shown: { label: 'Questions shown', tone: 'info' },
  match: { label: 'Answer matched', tone: 'ok' },
  no_match: { label: 'Answer did not match', tone: 'warn' },
  wrong_password: { label: 'Wrong password', tone: 'danger' },
  wrong_answers: { label: 'Wrong answers', tone: 'danger' },
  locked: { label: 'Locked', tone: 'danger' },
  unknown_user: { label: 'Unknown user ID', tone: 'warn' },
  decoy_shown: { label: 'Unknown user ID', tone: 'warn' },
  not_enrolled: { label: 'Refused: not enrolled yet', tone: 'warn' },
  temporary_password_spent: { label: 'Refused: temporary password used or expired', tone: 'warn' },
  invalid_code: { label: 'Refused: wrong or expired code', tone: 'warn' },
  refused: { label: 'Refused: too many requests', tone: 'warn' },
  approval_required: { label: 'Waits for a second admin', tone: 'info' },
  inactive: { label: 'Refused: inactive', tone: 'warn' },
  pending: { label: 'Refused: pending approval', tone: 'warn' },
  deactivated: { label: 'Refused: deactivated', tone: 'warn' },
  not_active: { label: 'Refused: not active', tone: 'warn' },
  invalid_token: { label: 'Refused: reset expired', tone: 'warn' },
  verification_required: { label: 'Refused: caller not verified first', tone: 'warn' },
  dealership_closed: { label: 'Refused: dealership closed', tone: 'warn' },
  last_office_manager: { label: 'Refused: last office manager', tone: 'warn' },
  access_on_hold: { label: 'Refused: on hold for the access review', tone: 'warn' },
  code_asked: { label: 'Password right, code asked', tone: 'info' },
  code_sent: { label: 'Code sent to the new address', tone: 'info' },
  wrong_code: { label: 'Wrong code', tone: 'danger' },
  recovery_code_used: { label: 'Signed in with a recovery code', tone: 'warn' },
  device_remembered: { label: 'Signed in on a remembered computer (no code)', tone: 'ok' },
  unknown: { label: 'Other outcome', tone: 'neutral' },
}

export const eventText = (event: AuditEvent) => eventLabel[event]
export const outcomeOf = (outcome: AuditOutcome): Outcome => outcomeText[outcome]

/** Who did it: the user ID, or who acts without one. */
export function actorText(entry: AuditEntry): string {
  if (entry.actor) return entry.actor
  if (entry.event === 'registration_submitted') return 'The registrant (not signed in)'
  return 'Dealer Access (automatic)'
}

const sessions = (n: number, what = 'session') => (n === 1 ? `1 ${what}` : `${n} ${what}s`)

/** The entry's facts in one plain sentence; `null` when it has none. */
export function detailText(entry: AuditEntry): string | null {
  const detail: AuditDetail | null = entry.detail
  if (!detail) return null
  switch (detail.type) {
    case 'request_submitted': {
      const suspended = detail.access_suspended
        ? `; access suspended, ${sessions(detail.access_suspended.sessions_ended)} ended`
        : ''
      return `Request #${detail.request_id} (${kindLabel[detail.request_kind]})${suspended}.`
    }
    case 'request_transition':
      return (
        `Request #${detail.request_id} (${kindLabel[detail.request_kind]}) went from ` +
        `${statusText[detail.from].label.toLowerCase()} to ${statusText[detail.to].label.toLowerCase()}.`
      )
    case 'registration':
      return `Request #${detail.request_id}.`
    case 'failed_attempts':
      return `After ${detail.failures} ${attemptKindLabel[detail.attempt_kind]}.`
    case 'misses':
      return `${detail.misses} missed in a row.`
    case 'account_created':
      return `Role: ${roleLabel[detail.role]}.`
    case 'inactivity':
      return `No sign-in for ${detail.days} days; a reactivation request brings it back.`
    case 'unlock': {
      const was = !detail.was_locked
        ? 'Was not locked'
        : detail.lock_kind
          ? `Was locked after ${attemptKindLabel[detail.lock_kind]}`
          : 'Was locked'
      return `${was}; a temporary password was issued, to be changed at the next sign-in; ${sessions(detail.sessions_ended)} ended.`
    }
    case 'sessions_ended': {
      const ended = `${sessions(detail.sessions_ended, detail.others_only ? 'other session' : 'session')} ended`
      return detail.still_locked ? `${ended}; online access stays locked until the help desk unlocks it.` : `${ended}.`
    }
    case 'dealership':
      return `${detail.name}.`
    case 'closed':
      return `Its people cannot sign in; ${sessions(detail.sessions_ended)} ended.`
    case 'invitation':
      return `As ${roleLabel[detail.role].toLowerCase()}; the mailed code works until ${formatDateTime(detail.expires_at, new Date())}.`
    case 'role_change':
      return `From ${roleLabel[detail.from].toLowerCase()} to ${roleLabel[detail.to].toLowerCase()}.`
    case 'rate_limited':
      return `${detail.refusals === 1 ? '1 request' : `${detail.refusals} requests`} to ${detail.route} refused.`
    case 'access_review_opened':
      return `Review #${detail.review_id} lists ${detail.people === 1 ? '1 person' : `${detail.people} people`}.`
    case 'access_review_escalated': {
      const undecided = detail.undecided === 1 ? '1 person' : `${detail.undecided} people`
      const held = detail.held ? `; ${detail.held === 1 ? '1 is' : `${detail.held} are`} on hold until decided` : ''
      return `Review #${detail.review_id} passed its deadline with ${undecided} undecided${held}.`
    }
    case 'access_review_finished': {
      const filed = detail.requests.map((id) => `#${id}`).join(', ')
      return `Review #${detail.review_id}: ${filed ? `requests ${filed} filed` : 'everyone kept, nothing filed'}.`
    }
    case 'search':
      return `A search for callers found ${detail.matches === 1 ? '1 person' : `${detail.matches} people`}.`
    case 'note':
      return detail.text.trim() || null
  }
}


/** What to say when the log cannot be read, by the error's code; and whether trying again may help. */
export function failureText(error: CommandError): { text: string; retry: boolean } {
  switch (error.code) {
    case 'forbidden':
      return { text: 'Only the office manager of a dealership can read its audit log.', retry: false }
    case 'unauthenticated':
      return { text: 'Your session has ended. Sign out, then sign in again to read the audit log.', retry: false }
    case 'unreachable':
    case 'timeout':
      return { text: 'Dealer Access cannot be reached right now, so the audit log cannot be read. Try again in a moment.', retry: true }
    default:
      return { text: error.message, retry: true }
  }
}
