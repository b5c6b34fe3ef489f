// "Not registered?", enrollment with the emailed code, and changing a password (also the
// help desk's temporary one): typed wrappers of the app's commands. The types are the
// ones generated from Rust (src/bindings). Passwords, answers and codes pass straight to
// Rust and are never kept here.
import { call } from '../api'
import type { ApplicationInfo } from '../bindings/ApplicationInfo'
import type { DealerName } from '../bindings/DealerName'
import type { Enroll } from '../bindings/Enroll'
import type { QuestionText } from '../bindings/QuestionText'
import type { RegistrationInput } from '../bindings/RegistrationInput'
import type { RegistrationStatus } from '../bindings/RegistrationStatus'
import type { Registered } from '../bindings/app/Registered'
import type { EmailCodeSent } from '../bindings/app/EmailCodeSent'
import type { EmailConfirmed } from '../bindings/EmailConfirmed'
import type { UserIdAvailability } from '../bindings/UserIdAvailability'
import type { UserIdCheck } from '../bindings/UserIdCheck'

export type { EmailCodeSent } from '../bindings/app/EmailCodeSent'
export type { EmailConfirmed } from '../bindings/EmailConfirmed'
export type { UserIdAvailability } from '../bindings/UserIdAvailability'
export type { DealerName } from '../bindings/DealerName'
export type { Enroll } from '../bindings/Enroll'
export type { QuestionAnswer } from '../bindings/QuestionAnswer'
export type { RegistrationInput } from '../bindings/RegistrationInput'
export type { RegistrationStatus } from '../bindings/RegistrationStatus'
export type { Registered } from '../bindings/app/Registered'

export const registrationApi = {
  /** `unknown_pdn` for a PDN that is not an active dealership. */
  dealerName: (pdn: string) => call('dealer_name', { pdn }),
  applications: () => call('applications'),
  questionCatalogue: () => call('question_catalogue'),
  /** The length this portal asks of a new password. */
  passwordRules: () => call('password_rules'),
  /** Mail a code to the email being registered. `unknown_pdn`, `invalid_form`, `rate_limited`, `mail_unavailable`. */
  sendEmailCode: (pdn: string, email: string) => call('send_email_code', { pdn, email }),
  /** The code from the mail. `wrong_code` for anything but the right, live code. */
  confirmEmailCode: (code: string) => call('confirm_email_code', { code }),
  /** Is this user ID free? Needs a confirmed email (`email_not_confirmed`); `rate_limited`. */
  checkUserId: (check: UserIdCheck) => call('check_user_id', { check }),
  /** `invalid_form` with `fields`, `user_id_taken` with `suggestions`, or `email_not_confirmed`. */
  register: (form: RegistrationInput) => call('register', { form }),
  /** Made here, in this run or kept on this computer from an earlier one; `not_found` otherwise. One that ended is forgotten. */
  registrationStatus: (requestId: number) => call('registration_status', { requestId }),
  /** The registrations kept on this (personal) computer that have not ended, for this portal. */
  keptRegistrations: () => call('kept_registrations'),
  /** The answer to the reviewer's question (needs information). */
  answerRegistration: (requestId: number, note: string) => call('answer_registration', { requestId, note }),
  /** Withdraw the registration; it is forgotten on this computer. */
  cancelRegistration: (requestId: number) => call('cancel_registration', { requestId }),
  /** `invalid_enrollment`, `weak_password`, `duplicate_questions`, `answer_too_short`, `answer_too_long`. */
  enroll: (form: Enroll) => call('enroll', { form }),
  /** `wrong_password`, `locked`, `password_unchanged`, `weak_password`. */
  changePassword: (currentPassword: string, newPassword: string) =>
    call('change_password', { currentPassword, newPassword }),
}
