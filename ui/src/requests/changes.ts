// Open lists follow the dealership's requests. When a request the office manager tracks
// changes state (the app's own look every minute, src-tauri/src/tracking.rs, which also
// shows the desktop notification, tells the window with a `requests-changed` event) or a
// CSV import files new ones, whatever lists are on screen (staff, requests, "Action
// needed") load again, keeping their filters, page and focus.
import { listen } from '@tauri-apps/api/event'

/** The app's event when its look at the requests found one in another state. */
export const REQUESTS_CHANGED = 'requests-changed'

const listeners = new Set<() => void>()

/** Call `listener` whenever the requests changed; returns what stops it (for onMount). */
export function onRequestsChanged(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The requests changed (a state moved, an import filed some): open lists load again. */
export function requestsChanged(): void {
  for (const listener of [...listeners]) listener()
}

/** Follow the app's `requests-changed` event; returns what stops it. */
export function followAppRequests(): () => void {
  let stopped = false
  let unlisten: (() => void) | null = null
  listen(REQUESTS_CHANGED, () => requestsChanged()).then(
    (stop) => (stopped ? stop() : (unlisten = stop)),
    () => {},
  )
  return () => {
    stopped = true
    unlisten?.()
  }
}
