// The length the portal asks of a new password (`password_rules`), asked once per run and
// shared by every StrengthMeter; dealer-core's default until the answer comes (or when the
// portal cannot be reached: it still refuses a short password itself, with its reasons).
import { registrationApi } from '../api/registration'
import { MIN_CHARS } from './strength'

export const passwordRules = $state({ minChars: MIN_CHARS })

let asked: Promise<void> | null = null

/** Ask the portal once; later calls wait for the same answer. */
export function loadPasswordRules(): Promise<void> {
  asked ??= registrationApi.passwordRules().then(
    (rules) => {
      // An answer without a length (an older portal) leaves the default in place.
      if (typeof rules?.min_chars === 'number') passwordRules.minChars = rules.min_chars
    },
    () => {
      asked = null
    },
  )
  return asked
}

/** Forget the answer (a test's fresh start). */
export function forgetPasswordRules() {
  asked = null
  passwordRules.minChars = MIN_CHARS
}
