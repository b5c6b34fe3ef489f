// A failed form submission, split the way the form shows it: each field's problem next to
// the field, and whatever concerns the whole form above the button.
import type { CommandError } from '../api'

export interface FormProblems {
  fields: Record<string, string>
  form: CommandError | null
}

/** `invalid_form` by field; a taken user ID on `user_id` with the free ones offered; a
 * taken PDN (`conflict` while creating) on `pdn`; anything else for the whole form. */
export function formProblems(error: CommandError, conflictField?: string): FormProblems {
  if (error.code === 'invalid_form' && error.fields?.length) {
    return { fields: Object.fromEntries(error.fields.map((f) => [f.field, f.message])), form: null }
  }
  if (error.code === 'user_id_taken') {
    const free = error.suggestions?.length ? ` Free: ${error.suggestions.join(', ')}.` : ''
    return { fields: { user_id: `${error.message}${free}` }, form: null }
  }
  if (error.code === 'conflict' && conflictField) {
    return { fields: { [conflictField]: error.message }, form: null }
  }
  return { fields: {}, form: error }
}

export const noProblems = (): FormProblems => ({ fields: {}, form: null })
