// Autosaved drafts of the User ID Request form, in the web view's localStorage, one per
// signed-in user ID. The form holds no secret (a new user sets their own password and
// questions at enrollment). A draft is removed when its request is submitted, when its
// owner signs out, and when someone else signs in on this computer.
import { emptyValues, type FormValues } from './validate'

const PREFIX = 'dealer-access:request-draft:'

export interface Draft {
  values: FormValues
  /** ISO 8601. */
  saved_at: string
}

const keyOf = (owner: string) => `${PREFIX}${owner.toLowerCase()}`

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

export function saveDraft(owner: string, values: FormValues, now = new Date()): void {
  const draft: Draft = { values, saved_at: now.toISOString() }
  try {
    storage()?.setItem(keyOf(owner), JSON.stringify(draft))
  } catch {
    // Storage full or refused: the form still works, only without a draft.
  }
}

/** The owner's draft, or null; anything unreadable is dropped. */
export function loadDraft(owner: string): Draft | null {
  const raw = storage()?.getItem(keyOf(owner))
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw) as Partial<Draft>
    const values = { ...emptyValues(), ...(parsed.values ?? {}) }
    if (!['new_user', 'remove_application_access', 'reactivation', 'deactivation'].includes(values.kind)) {
      throw new Error('unknown kind')
    }
    if (!Array.isArray(values.applications)) values.applications = []
    for (const k of ['first_name', 'last_name', 'email', 'business_phone', 'role', 'role_other', 'user_id', 'reason'] as const) {
      if (typeof values[k] !== 'string') values[k] = ''
    }
    return { values, saved_at: String(parsed.saved_at ?? '') }
  } catch {
    clearDraft(owner)
    return null
  }
}

export function clearDraft(owner: string): void {
  storage()?.removeItem(keyOf(owner))
}

/** Remove every draft but `keep`'s (all of them when `keep` is null). */
export function clearDraftsExcept(keep: string | null): void {
  const store = storage()
  if (!store) return
  const mine = keep === null ? null : keyOf(keep)
  const keys: string[] = []
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (key?.startsWith(PREFIX) && key !== mine) keys.push(key)
  }
  keys.forEach((k) => store.removeItem(k))
}

/** Whether anything was typed that is worth keeping. */
export function hasContent(values: FormValues): boolean {
  const typed = [values.first_name, values.last_name, values.email, values.business_phone, values.role_other, values.user_id, values.reason]
  return values.applications.length > 0 || values.role !== '' || typed.some((v) => v.trim() !== '')
}
