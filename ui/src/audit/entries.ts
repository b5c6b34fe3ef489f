// An audit entry in words an office manager understands. The portal records machine
// names (`sign_in`, `wrong_password`, "request 12 (new_user): submitted -> in_review by
// start_review"); these turn them into what happened, its outcome with a tone, and a
// readable detail. An event or outcome this screen does not know yet is still shown,
// its name made readable, never hidden.
import { roleLabel, type AccessRole, type CommandError } from '../api'
import type { AuditEntry } from '../api/audit'
import { attemptKindLabel, kindLabel, type AttemptKind, type RequestKind } from '../api/requests'
import { statusText, type RequestStatus, type Tone } from '../lib/status'

/** What happened, by the portal's event name (crates/portal: every `audit::Entry`). */
export const eventLabel: Record<string, string> = {
  sign_in: 'Sign-in',
  sign_out: 'Signed out',
  account_locked: 'Online access locked',
  password_change: 'Password change',
  questions_change: 'Challenge questions change',
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
}

export interface Outcome {
  label: string
  tone: Tone
}

/** How it ended, by the portal's outcome name. */
export const outcomeText: Record<string, Outcome> = {
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
  inactive: { label: 'Refused: inactive', tone: 'warn' },
  pending: { label: 'Refused: pending approval', tone: 'warn' },
  deactivated: { label: 'Refused: deactivated', tone: 'warn' },
  not_active: { label: 'Refused: not active', tone: 'warn' },
  invalid_token: { label: 'Refused: reset expired', tone: 'warn' },
  verification_required: { label: 'Refused: caller not verified first', tone: 'warn' },
}

/** `some_machine_name` → "Some machine name". */
export function readable(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim()
  return words ? words[0].toUpperCase() + words.slice(1) : name
}

export const eventText = (event: string) => eventLabel[event] ?? readable(event)
export const outcomeOf = (outcome: string): Outcome => outcomeText[outcome] ?? { label: readable(outcome), tone: 'neutral' }

/** Who did it: the user ID, or who acts without one. */
export function actorText(entry: AuditEntry): string {
  if (entry.actor) return entry.actor
  if (entry.event === 'registration_submitted') return 'The registrant (not signed in)'
  return 'Dealer Access (automatic)'
}

const requestState = (s: string) => (s in statusText ? statusText[s as RequestStatus].label.toLowerCase() : readable(s).toLowerCase())
const requestKind = (k: string) => kindLabel[k as RequestKind] ?? readable(k)

/**
 * The entry's detail in plain words, for the details the portal writes in a known shape;
 * anything else as the portal wrote it. `null` when there is none.
 */
export function detailText(entry: AuditEntry): string | null {
  const detail = entry.detail?.trim()
  if (!detail) return null
  let m: RegExpMatchArray | null
  if (entry.event === 'request_transition' && (m = detail.match(/^request (\d+) \(([a-z_]+)\): ([a-z_]+) -> ([a-z_]+)(?: by [a-z_]+)?$/))) {
    return `Request #${m[1]} (${requestKind(m[2])}) went from ${requestState(m[3])} to ${requestState(m[4])}.`
  }
  if (entry.event === 'request_submitted' && (m = detail.match(/^request (\d+) \(([a-z_]+)\) submitted(?:; (.*))?$/))) {
    return `Request #${m[1]} (${requestKind(m[2])})${m[3] ? `; ${m[3]}` : ''}.`
  }
  if (entry.event === 'registration_submitted' && (m = detail.match(/^request (\d+)$/))) {
    return `Request #${m[1]}.`
  }
  if ((m = detail.match(/^(\d+) failed attempts \(([a-z_]+)\)$/))) {
    const kind = attemptKindLabel[m[2] as AttemptKind] ?? `failed attempts (${readable(m[2]).toLowerCase()})`
    return `After ${m[1]} ${kind}.`
  }
  if (entry.event === 'account_created' && (m = detail.match(/^role ([a-z_]+)$/))) {
    return `Role: ${roleLabel[m[1] as AccessRole] ?? readable(m[1])}.`
  }
  if (entry.event === 'inactivity_deactivated' && (m = detail.match(/^no sign-in for (\d+) days$/))) {
    return `No sign-in for ${m[1]} days; a reactivation request brings it back.`
  }
  if (entry.event === 'help_desk_unlock' && (m = detail.match(/^was (not )?locked(?: \(([a-z_]+)\))?; verification \d+; temporary password issued; (\d+) sessions ended$/))) {
    const was = m[1] ? 'Was not locked' : m[2] ? `Was locked after ${attemptKindLabel[m[2] as AttemptKind] ?? readable(m[2]).toLowerCase()}` : 'Was locked'
    const ended = m[3] === '1' ? '1 session ended' : `${m[3]} sessions ended`
    return `${was}; a temporary password was issued, to be changed at the next sign-in; ${ended}.`
  }
  return detail
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
