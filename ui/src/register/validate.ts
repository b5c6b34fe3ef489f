// The portal's field rules (dealer-core's ids.rs, questions.rs, applications.rs), checked
// while the person types so most problems show before anything is sent. The portal stays
// the authority: it checks everything again and its messages replace these.
import { USER_ID_MAX, USER_ID_MIN } from '../bindings/limits'

export const PDN_RULE = 'PDN must be exactly five digits, for example 01234'
export const USER_ID_RULE =
  'User ID must be 3 to 32 characters using only letters a-z, digits 0-9, dot, underscore or hyphen, for example jsmith or j.smith-2'

/** Five ASCII digits, leading zeros kept ("01234"). */
export function pdnError(pdn: string): string | null {
  if (!pdn.trim()) return 'Enter your dealership’s PDN.'
  return /^[0-9]{5}$/.test(pdn.trim()) ? null : PDN_RULE
}

/** dealer-core's `UserId`: ASCII letters, digits, dot, underscore, hyphen; its lengths. */
export const USER_ID_PATTERN = new RegExp(`^[A-Za-z0-9._-]{${USER_ID_MIN},${USER_ID_MAX}}$`)

export function userIdError(userId: string): string | null {
  if (!userId.trim()) return 'Enter a user ID.'
  return USER_ID_PATTERN.test(userId.trim()) ? null : USER_ID_RULE
}

/** The six digits mailed to confirm an email; spaces between them do not matter. */
export function emailCodeError(code: string): string | null {
  const digits = code.replace(/\s/g, '')
  if (!digits) return 'Enter the code from the email.'
  return /^[0-9]{6}$/.test(digits) ? null : 'The code is six digits, for example 042917.'
}

/** A first or last name: required, at most 64 characters, no tabs or line breaks. */
export function nameError(name: string, field: 'First name' | 'Last name'): string | null {
  const clean = name.trim().replace(/\s+/g, ' ')
  if (/[\u0000-\u001f\u007f]/.test(name)) return `${field} cannot contain control characters such as tabs or line breaks`
  if (!clean) return `${field} is required`
  if ([...clean].length > 64) return `${field} must be at most 64 characters`
  return null
}

export function emailError(email: string): string | null {
  const raw = email.trim()
  if (!raw) return 'Enter an email address.'
  if (raw.length > 254) return 'Email address must be at most 254 characters'
  const at = raw.lastIndexOf('@')
  const local = raw.slice(0, at)
  const domain = raw.slice(at + 1)
  const ok =
    at > 0 &&
    local.length <= 64 &&
    !/\s/.test(raw) &&
    /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain) &&
    !domain.split('.').some((l) => l.startsWith('-') || l.endsWith('-'))
  return ok ? null : 'Email address must look like name@dealership.com'
}

export const PHONE_RULE =
  'Business phone must be a 10-digit North American number such as (555) 123-4567, or an international number starting with +'

/** A North American number in any common punctuation, or +country code; an extension may follow. */
export function phoneError(phone: string): string | null {
  const raw = phone.trim()
  if (!raw) return 'Enter a business phone number.'
  if (raw.length > 40) return PHONE_RULE
  const lower = raw.toLowerCase()
  let number = raw
  for (const sep of ['extension', 'ext.', 'ext', 'x', '#']) {
    const at = lower.indexOf(sep)
    if (at >= 0) {
      const ext = lower.slice(at + sep.length).trim()
      if (!/^[0-9]{1,6}$/.test(ext)) return PHONE_RULE
      number = raw.slice(0, at)
      break
    }
  }
  number = number.trim()
  if (!/^\+?[0-9 .()-]+$/.test(number)) return PHONE_RULE
  const digits = number.replace(/[^0-9]/g, '')
  const nanp = (n: string) => n.length === 10 && n[0] >= '2' && n[3] >= '2'
  if (number.startsWith('+')) {
    if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return PHONE_RULE
    if (digits.startsWith('1') && !nanp(digits.slice(1))) return PHONE_RULE
    return null
  }
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits
  return nanp(national) ? null : PHONE_RULE
}

export function roleError(role: string, other: string): string | null {
  if (!role) return 'Choose a role.'
  if (role !== 'other') return null
  const clean = other.trim().replace(/\s+/g, ' ')
  if (!clean) return 'Describe the role.'
  if ([...clean].length > 60) return 'Role description must be at most 60 characters'
  return null
}

/** Answers count after trimming and collapsing spaces, as the portal normalizes them. */
export function answerError(answer: string): string | null {
  const clean = answer.trim().replace(/\s+/g, ' ')
  if (!clean) return 'Enter an answer.'
  if ([...clean].length < 3)
    return 'This answer is too short. Use at least 3 characters; a longer answer is harder for others to guess.'
  if ([...clean].length > 128) return 'This answer is too long. Use at most 128 characters.'
  return null
}

/** The three questions must all be different; returns one message per slot (0, 1 = challenge, 2 = secret). */
export function questionErrors(keys: [string, string, string]): [string | null, string | null, string | null] {
  const [a, b, s] = keys
  return [
    a ? null : 'Choose a question.',
    !b ? 'Choose a question.' : b === a ? 'Pick a question different from the first one.' : null,
    !s ? 'Choose a question.' : s === a || s === b ? 'Pick a secret question different from both challenge questions.' : null,
  ]
}

export function confirmError(password: string, confirm: string): string | null {
  if (!confirm) return 'Enter the password again.'
  return confirm === password ? null : 'This does not match the password.'
}

export function newPasswordError(password: string): string | null {
  return password ? null : 'Enter a password.'
}
