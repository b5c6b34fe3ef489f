// What a form shows under each field: the local check once the person has left the field
// (or tried to submit), then live as they type, so an error goes away the moment it is
// fixed; and the portal's own message for a field until that field is changed.
import { tick } from 'svelte'
import type { FieldError } from '../api'
import { afterPress } from '../lib/after-press'

export class Checks {
  touched = $state<Record<string, boolean>>({})
  submitted = $state(false)
  /** The portal's messages, by field key. */
  server = $state<Record<string, string>>({})

  constructor(private readonly rules: () => Record<string, string | null>) {}

  /** The message to show for `key` now, if any. */
  error(key: string): string | null {
    const server = this.server[key]
    if (server) return server
    return this.touched[key] || this.submitted ? (this.rules()[key] ?? null) : null
  }

  /**
   * Left the field: its check shows from now on. When the field was left by pressing a
   * button, only after that click: a message appearing between press and release would
   * move the button away from under the pointer and the click would be lost.
   */
  touch(key: string) {
    afterPress(() => (this.touched[key] = true))
  }

  /** Changed the field: the portal's message about the old value goes. */
  edit(key: string) {
    if (key in this.server) delete this.server[key]
  }

  /** On submit: every check shows; true when nothing local is wrong. */
  submit(): boolean {
    this.submitted = true
    return Object.values(this.rules()).every((e) => !e)
  }

  /** The portal's field errors, keyed as `mapKey` says (defaults to the portal's key). */
  fromPortal(fields: FieldError[], mapKey: (field: string) => string = (f) => f) {
    const server: Record<string, string> = {}
    for (const { field, message } of fields) {
      const key = mapKey(field)
      server[key] = server[key] ? `${server[key]} ${message}` : message
    }
    this.server = server
  }

  reset() {
    this.touched = {}
    this.submitted = false
    this.server = {}
  }
}

/** Focus the first field marked invalid in `root` (after the DOM has updated). */
export async function focusFirstError(root: HTMLElement | undefined | null): Promise<boolean> {
  await tick()
  const first = root?.querySelector<HTMLElement>('[aria-invalid="true"]:not(:disabled)')
  first?.focus()
  return Boolean(first)
}
