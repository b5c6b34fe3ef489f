// My account's own secrets beyond the password (which `registrationApi.changePassword`
// changes, for the forced change too): typed wrappers of the app's commands. The current
// password and the answers pass straight to Rust and are never kept here.
import { call } from '../api'
import type { SetQuestions } from '../bindings/SetQuestions'

export type { SetQuestions } from '../bindings/SetQuestions'

export const accountApi = {
  /** `wrong_password`, `locked`, `duplicate_questions`, `answer_too_short`, `answer_too_long`. */
  setQuestions: (form: SetQuestions) => call('set_questions', { form }),
}
