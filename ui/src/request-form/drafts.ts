// Autosaving the User ID Request form as the signed-in person's draft. The app keeps it
// (src/api/drafts.ts: tauri-plugin-store, keyed by portal and user ID, cleared at sign-out
// on a shared PC), never the web view. A save waits for a pause in typing; an emptied
// form removes the draft; nothing is sent while the form is as it was last kept.
import type { FormValues } from './validate'

/** Whether anything was typed that is worth keeping. */
export function hasContent(values: FormValues): boolean {
  const typed = [values.first_name, values.last_name, values.email, values.business_phone, values.role_other, values.user_id, values.reason]
  return values.applications.length > 0 || values.role !== '' || typed.some((v) => v.trim() !== '')
}

export interface DraftStore {
  save: (values: FormValues) => Promise<void>
  clear: () => Promise<void>
}

export interface DraftSaver {
  /** The form changed: keep it after a pause. */
  change(values: FormValues): void
  /** Keep a waiting change now (the form is closing, its owner signing out); resolves once kept. */
  flush(): Promise<void>
  /**
   * Drop any waiting change and take `values` as what is kept (a draft just restored,
   * submitted or discarded); resolves once a save already under way has finished.
   */
  reset(values: FormValues): Promise<void>
}

/**
 * Saves through `store` once `wait` ms pass without a change. `onresult` hears whether
 * the last save worked (the form says so; it works on without a draft).
 */
export function draftSaver(store: DraftStore, onresult: (ok: boolean) => void = () => {}, wait = 400): DraftSaver {
  let kept = ''
  let waiting: FormValues | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()

  function run() {
    clearTimeout(timer)
    timer = undefined
    const values = waiting
    waiting = null
    if (!values) return
    const json = JSON.stringify(values)
    if (json === kept) return
    kept = json
    const op = hasContent(values) ? store.save(values) : store.clear()
    running = op.then(
      () => onresult(true),
      () => {
        kept = ''
        onresult(false)
      },
    )
  }

  return {
    change(values) {
      waiting = values
      clearTimeout(timer)
      timer = setTimeout(run, wait)
    },
    flush() {
      if (timer !== undefined) run()
      return running
    },
    async reset(values) {
      clearTimeout(timer)
      timer = undefined
      waiting = null
      kept = JSON.stringify(values)
      await running
    },
  }
}

const OLD_PREFIX = 'dealer-access:request-draft:'

/**
 * Drafts were once kept in the web view's localStorage: whatever is left of them goes
 * (unread), so no draft lingers where the app no longer looks.
 */
export function forgetWebViewDrafts(storage: Storage | null = globalThis.localStorage ?? null): void {
  if (!storage) return
  try {
    const old: string[] = []
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)
      if (key?.startsWith(OLD_PREFIX)) old.push(key)
    }
    old.forEach((k) => storage.removeItem(k))
  } catch {
    // Storage refused: there is nothing of ours to remove then.
  }
}
