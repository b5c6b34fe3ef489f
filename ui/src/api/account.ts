// My account beyond the password (which `registrationApi.changePassword` changes, for the
// forced change too): the security questions, the email (confirmed by a code sent to the
// new address) and the business phone. Typed wrappers of the app's commands; the current
// password, the answers and the code pass straight to Rust and are never kept here.
import { call } from '../api'
import type { SetQuestions } from '../bindings/SetQuestions'

export type { SetQuestions } from '../bindings/SetQuestions'

export type { EmailChangeStarted } from '../bindings/EmailChangeStarted'

export const accountApi = {
  /** A code goes to the new address. `invalid_form` (on `new_email`), `email_unchanged`, `wrong_password`, `locked`. */
  startEmailChange: (newEmail: string, currentPassword: string) =>
    call('start_email_change', { newEmail, currentPassword }),
  /** Me with the new email. `wrong_code` for a wrong, used up or expired code. */
  confirmEmailChange: (code: string) => call('confirm_email_change', { code }),
  /** Me with the new phone; `null` or blank removes it. `invalid_form` (on `phone`). */
  changePhone: (phone: string | null) => call('change_phone', { phone }),
  /** `wrong_password`, `locked`, `duplicate_questions`, `answer_too_short`, `answer_too_long`. */
  setQuestions: (form: SetQuestions) => call('set_questions', { form }),
}
