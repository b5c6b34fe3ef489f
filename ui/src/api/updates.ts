// Updates of the app itself, from its shared portal (src-tauri/src/updates.rs).
import { call } from '../api'

export type { UpdateStatus } from '../bindings/app/UpdateStatus'
export type { AvailableUpdate } from '../bindings/app/AvailableUpdate'

/** The event the app emits when its check finds a newer app. */
export const UPDATE_AVAILABLE = 'update-available'

export const updatesApi = {
  /** Whether the app looks for updates (`off` says why not) and what it found. */
  status: () => call('update_status'),
  /**
   * Download, verify and install the update found: an office manager (or provider admin)
   * signed in (`unauthenticated`, `forbidden`); `not_found` when none waits; `protocol`
   * when the download failed or did not match its signature (nothing changed). On Windows
   * the app closes and opens again once installed.
   */
  install: () => call('install_update'),
}
