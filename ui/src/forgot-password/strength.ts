// A live, local indication of how good a new password looks while it is typed. It only
// guides: the portal decides, with its configured minimum and its guessability estimate,
// and its reasons are shown when it refuses.
import { MIN_PASSWORD_CHARS } from '../bindings/limits'

/** dealer-core's default minimum length (DEFAULT_MIN_CHARS); a portal may ask for more. */
export const MIN_CHARS = MIN_PASSWORD_CHARS

export type Level = 0 | 1 | 2 | 3 | 4

export interface Strength {
  level: Level
  /** One or two words: "Too short", "Strong". */
  label: string
  /** What to do about it, or why it looks fine. */
  advice: string
}

/** Pieces of the most common passwords; the portal's estimator knows many more. */
const COMMON = ['password', 'passw0rd', 'qwerty', 'letmein', 'welcome', 'iloveyou', 'admin', '123456', 'abc123']

/** `min`: the portal's minimum length (`password_rules`), the default until it is known. */
export function strength(password: string, userId = '', min = MIN_CHARS): Strength {
  const chars = [...password]
  const length = chars.length
  if (length === 0) {
    return { level: 0, label: 'Not entered', advice: `Use at least ${min} characters; a few unrelated words work well.` }
  }
  const id = userId.trim().toLowerCase()
  if (id.length >= 3 && password.toLowerCase().includes(id)) {
    return { level: 1, label: 'Weak', advice: 'It contains your user ID. Leave it out.' }
  }
  const common = COMMON.find((c) => password.toLowerCase().includes(c))
  if (common) {
    return { level: 1, label: 'Weak', advice: `It contains “${common}”, one of the first things guessed. Use unrelated words.` }
  }
  if (length < min) {
    return {
      level: 1,
      label: 'Too short',
      advice: `${length} of at least ${min} characters. A few unrelated words make it long and memorable.`,
    }
  }
  const distinct = new Set(chars.map((c) => c.toLowerCase())).size
  if (distinct < Math.max(6, length / 3)) {
    return { level: 2, label: 'Fair', advice: 'It repeats the same few characters. Add another unrelated word.' }
  }
  const words = password.trim().split(/\s+/).length
  if (length >= 20 && (words >= 3 || distinct >= 12)) {
    return { level: 4, label: 'Strong', advice: 'Long and varied. The portal checks it when you save.' }
  }
  return { level: 3, label: 'Good', advice: 'Long enough. Another word makes it stronger; the portal checks it when you save.' }
}

/** One rule of the password policy, as the checklist under a new password shows it. */
export interface Rule {
  key: 'length' | 'personal' | 'common'
  text: string
  met: boolean
}

/**
 * The rules a new password must meet, shown before anything is typed and ticked as it is:
 * the minimum length (the portal's, as `password_rules` says it; dealer-core's default
 * until it is known), not the user ID, not one of the first passwords guessed. The portal applies its
 * full rules (names, dealership, guessability) when the password is saved.
 */
export function rules(password: string, userId = '', min = MIN_CHARS): Rule[] {
  const lower = password.toLowerCase()
  const id = userId.trim().toLowerCase()
  return [
    { key: 'length', text: `At least ${min} characters`, met: [...password].length >= min },
    {
      key: 'personal',
      text: 'Not your user ID',
      met: password !== '' && !(id.length >= 3 && lower.includes(id)),
    },
    {
      key: 'common',
      text: 'Not a common password',
      met: password !== '' && !COMMON.some((c) => lower.includes(c)),
    },
  ]
}
