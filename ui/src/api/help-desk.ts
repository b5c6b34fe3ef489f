// The help desk's console: find a caller, verify them by their secret question, unlock.
// The caller's answer goes straight to Rust; only match or no match comes back.
import { call } from '../api'
import type { HelpDeskUnlocked } from '../bindings/HelpDeskUnlocked'
import type { HelpDeskUser } from '../bindings/HelpDeskUser'
import type { HelpDeskVerified } from '../bindings/HelpDeskVerified'

export type { HelpDeskUser } from '../bindings/HelpDeskUser'
export type { CallerMatch } from '../bindings/CallerMatch'
export type { CallerMatches } from '../bindings/CallerMatches'

export const helpDeskApi = {
  /** The people a caller might be: part of a name, user ID or email, or a whole PDN, a page at a time. `bad_request` under 2 characters. */
  search: (q: string, offset = 0, limit = 20) => call('help_desk_search', { search: { q, offset, limit } }),
  /** `not_found` for an unknown user ID, `forbidden` for one's own. */
  findUser: (userId: string) => call('help_desk_find_user', { userId }),
  /** `conflict` when the user has no secret question; `answer_too_short`, `rate_limited`. */
  verify: (userId: string, answer: string) => call('help_desk_verify', { userId, answer }),
  /** `verification_required` without a match by me within 15 minutes; `conflict`. */
  unlock: (userId: string) => call('help_desk_unlock', { userId }),
  /** `verification_required`, `approval_required` (provider staff), `conflict` (not on). */
  resetTwoStep: (userId: string) => call('help_desk_reset_two_step', { userId }),
}
