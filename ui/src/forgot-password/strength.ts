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

export function strength(password: string, userId = ''): Strength {
  const chars = [...password]
  const length = chars.length
  if (length === 0) {
    return { level: 0, label: 'Not entered', advice: `Use at least ${MIN_CHARS} characters; a few unrelated words work well.` }
  }
  const id = userId.trim().toLowerCase()
  if (id.length >= 3 && password.toLowerCase().includes(id)) {
    return { level: 1, label: 'Weak', advice: 'It contains your user ID. Leave it out.' }
  }
  const common = COMMON.find((c) => password.toLowerCase().includes(c))
  if (common) {
    return { level: 1, label: 'Weak', advice: `It contains “${common}”, one of the first things guessed. Use unrelated words.` }
  }
  if (length < MIN_CHARS) {
    return {
      level: 1,
      label: 'Too short',
      advice: `${length} of at least ${MIN_CHARS} characters. A few unrelated words make it long and memorable.`,
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
