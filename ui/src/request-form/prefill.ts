// A request form started from a person's row is already filled for them: the kind chosen
// in the row's menu, their user ID, names, email, business phone and role, and the
// applications they hold (a removal offers only those). Only what the kind sends goes to
// the portal (validate.ts `toRequestForm`); the rest shows who the request is for.
import { roleKeyLabel, roleKeys, type DealerUser, type FormKind } from '../api/requests'
import { formatPhone } from '../lib/dates'
import { emptyValues, type FormValues } from './validate'

export interface Person {
  user_id: string
  first_name: string
  last_name: string
  email: string
  /** The person's job role as the staff list shows it ("Finance manager"). */
  job_role: string | null
  /** Their business phone in E.164, if known. */
  phone: string | null
  /** The applications they hold, by key. */
  applications: string[]
}

export interface Prefill {
  values: FormValues
  person: Person
}

/** The role key of a job role shown by name ("Sales manager" → sales_manager), or "". */
export function roleKeyOf(jobRole: string | null): string {
  if (!jobRole) return ''
  const name = jobRole.trim().toLowerCase()
  return roleKeys.find((k) => roleKeyLabel[k].toLowerCase() === name) ?? ''
}

export function prefillFor(kind: Exclude<FormKind, 'new_user'>, user: DealerUser): Prefill {
  const role = roleKeyOf(user.job_role)
  return {
    values: {
      ...emptyValues(kind),
      user_id: user.user_id,
      first_name: user.first_name,
      last_name: user.last_name,
      email: user.email,
      business_phone: formatPhone(user.phone),
      role,
      role_other: role === '' && user.job_role ? user.job_role : '',
    },
    person: {
      user_id: user.user_id,
      first_name: user.first_name,
      last_name: user.last_name,
      email: user.email,
      job_role: user.job_role,
      phone: user.phone,
      applications: [...user.applications],
    },
  }
}
