// The User ID Request form's checks as the person types, mirroring dealer-core's
// (crates/core/src/ids.rs, forms.rs) with the same words. The portal checks again and is
// the authority: its `invalid_form` errors are shown on the same fields.
import { NAME_MAX, REASON_MAX, ROLE_OTHER_MAX } from '../bindings/limits'
import { USER_ID_PATTERN } from '../register/validate'
import type { RequestDraft } from '../api/drafts'
import { roleKeys, type FormKind, type RequestForm } from '../api/requests'

/**
 * Everything the form holds, whatever the kind: the shape the app keeps as a draft
 * (generated from src-tauri/src/drafts.rs, which refuses any other field).
 */
export type FormValues = RequestDraft

export type FieldName = Exclude<keyof FormValues, 'kind'>
export type FormErrors = Partial<Record<FieldName, string>>

export function emptyValues(kind: FormKind = 'new_user'): FormValues {
  return {
    kind,
    first_name: '',
    last_name: '',
    email: '',
    business_phone: '',
    role: '',
    role_other: '',
    user_id: '',
    applications: [],
    reason: '',
  }
}

/** The fields each kind asks for, in screen order (the order errors are focused in). */
export const fieldsOf: Record<FormKind, FieldName[]> = {
  new_user: ['first_name', 'last_name', 'email', 'business_phone', 'role', 'role_other', 'user_id', 'applications'],
  remove_application_access: ['user_id', 'applications'],
  reactivation: ['user_id'],
  deactivation: ['user_id', 'reason'],
}

export { NAME_MAX, REASON_MAX, ROLE_OTHER_MAX } from '../bindings/limits'

const collapse = (s: string) => s.split(/\s+/).filter(Boolean).join(' ')
// eslint-disable-next-line no-control-regex
const control = /[\u0000-\u001f\u007f-\u009f]/

function text(raw: string, field: string, max: number): string | null {
  if (control.test(raw)) return `${field} cannot contain control characters such as tabs or line breaks`
  const n = [...collapse(raw)].length
  if (n === 0) return `${field} is required`
  if (n > max) return `${field} must be at most ${max} characters`
  return null
}

export function checkUserId(raw: string): string | null {
  if (raw === '') return 'User ID is required'
  return USER_ID_PATTERN.test(raw)
    ? null
    : 'User ID must be 3 to 32 characters using only letters a-z, digits 0-9, dot, underscore or hyphen, for example jsmith or j.smith-2'
}

export function checkEmail(raw: string): string | null {
  const email = raw.trim()
  if (email === '') return 'Email address is required'
  if (email.length > 254) return 'Email address must be at most 254 characters'
  const bad = 'Email address must look like name@dealership.com'
  const at = email.lastIndexOf('@')
  if (at < 0) return bad
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  const localOk =
    local.length > 0 &&
    local.length <= 64 &&
    /^[!#-'*+\-./0-9=?A-Z^-~]+$/.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..')
  const labels = domain.split('.')
  const domainOk =
    labels.length >= 2 &&
    labels.every((l) => l.length > 0 && l.length <= 63 && /^[A-Za-z0-9-]+$/.test(l) && !l.startsWith('-') && !l.endsWith('-')) &&
    /^[A-Za-z]{2,}$/.test(labels[labels.length - 1])
  return localOk && domainOk ? null : bad
}

export function checkPhone(raw: string): string | null {
  const phone = raw.trim()
  if (phone === '') return 'Business phone is required'
  const bad =
    'Business phone must be a 10-digit North American number such as (555) 123-4567, or an international number starting with +'
  if (phone.length > 40) return bad
  const lower = phone.toLowerCase()
  let number = phone
  for (const sep of ['extension', 'ext.', 'ext', 'x', '#']) {
    const at = lower.indexOf(sep)
    if (at >= 0) {
      const ext = lower.slice(at + sep.length).trim()
      if (!/^\d{1,6}$/.test(ext)) return bad
      number = phone.slice(0, at)
      break
    }
  }
  const international = number.trimStart().startsWith('+')
  const trimmed = number.trim()
  let digits = ''
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]
    if (c >= '0' && c <= '9') digits += c
    else if (c === '+' && i === 0) continue
    else if (!' -.()'.includes(c)) return bad
  }
  const nanp = (n: string) => n.length === 10 && n[0] >= '2' && n[3] >= '2'
  if (international) {
    if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return bad
    if (digits.startsWith('1') && !nanp(digits.slice(1))) return bad
    return null
  }
  const national = digits.length === 10 ? digits : digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : null
  return national && nanp(national) ? null : bad
}

export function checkRole(role: string, other: string): { role?: string; role_other?: string } {
  if (role === '') return { role: 'Choose a role' }
  if (!(roleKeys as readonly string[]).includes(role)) return { role: 'Choose a role from the list' }
  if (role === 'other') {
    const problem = text(other, 'Role description', ROLE_OTHER_MAX)
    return problem ? { role_other: problem } : {}
  }
  return {}
}

/** Every problem of the fields `values.kind` asks for; empty when the form may go. */
export function validate(values: FormValues): FormErrors {
  const errors: FormErrors = {}
  const fields = fieldsOf[values.kind]
  const set = (field: FieldName, problem: string | null | undefined) => {
    if (problem && fields.includes(field)) errors[field] = problem
  }
  set('first_name', text(values.first_name, 'First name', NAME_MAX))
  set('last_name', text(values.last_name, 'Last name', NAME_MAX))
  set('email', checkEmail(values.email))
  set('business_phone', checkPhone(values.business_phone))
  const role = checkRole(values.role, values.role_other)
  set('role', role.role)
  set('role_other', role.role_other)
  // For someone who has a user ID already, it is chosen from the staff list (PersonPicker).
  set('user_id', values.kind !== 'new_user' && values.user_id === '' ? 'Choose who this request is for from the list' : checkUserId(values.user_id))
  if (values.applications.length === 0) set('applications', 'Choose at least one application')
  if (values.kind === 'deactivation') {
    const reason = collapse(values.reason)
    if (reason === '') set('reason', 'Say why access ends (for example: left the dealership)')
    else if ([...reason].length > REASON_MAX) set('reason', `Keep the reason under ${REASON_MAX} characters`)
  }
  return errors
}

/** The command's form for `values.kind`, with only that kind's fields. */
export function toRequestForm(values: FormValues): RequestForm {
  const user_id = values.user_id.trim()
  switch (values.kind) {
    case 'new_user':
      return {
        kind: 'new_user',
        first_name: values.first_name.trim(),
        last_name: values.last_name.trim(),
        email: values.email.trim(),
        business_phone: values.business_phone.trim(),
        role: values.role,
        role_other: values.role === 'other' ? values.role_other.trim() : null,
        user_id,
        applications: values.applications,
      }
    case 'remove_application_access':
      return { kind: 'remove_application_access', user_id, applications: values.applications }
    case 'reactivation':
      return { kind: 'reactivation', user_id }
    case 'deactivation':
      return { kind: 'deactivation', user_id, reason: collapse(values.reason) }
  }
}

/**
 * The portal's field names onto this form's. With "other" picked the role key is valid,
 * so a `role` problem is about the description and goes there. Problems of fields this
 * form does not show are returned in `other`.
 */
export function portalErrors(
  fields: { field: string; message: string }[],
  values: FormValues,
): { byField: FormErrors; other: string[] } {
  const byField: FormErrors = {}
  const other: string[] = []
  const known = fieldsOf[values.kind]
  for (const { field, message } of fields) {
    let name = field as FieldName
    if (name === 'role' && values.role === 'other') name = 'role_other'
    if (known.includes(name) && !byField[name]) byField[name] = message
    else if (!known.includes(name)) other.push(message)
  }
  return { byField, other }
}
