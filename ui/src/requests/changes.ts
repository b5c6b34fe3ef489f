// Open lists follow the dealership's requests. When a request the office manager tracks
// changes state (the look the app takes every minute for its desktop notifications,
// src-tauri/src/tracking.rs, taken here too since the app does not tell the window) or a
// CSV import files new ones, whatever lists are on screen (staff, requests, "Action
// needed") load again, keeping their filters, page and focus.
import type { RequestState, RequestSummary } from '../api/requests'

/** Each request's state at the last look, by id. */
export type Seen = Map<number, RequestState>

/**
 * What `now` teaches after `before`: whether a request seen before is in another state.
 * The first look (`before` null) only learns, so nothing old counts as news; a request
 * new since the last look is learned too (whoever filed it refreshed their own list).
 */
export function stateChanged(before: Seen | null, now: RequestSummary[]): { changed: boolean; seen: Seen } {
  const seen: Seen = new Map(now.map((r) => [r.id, r.state]))
  const changed = before !== null && now.some((r) => before.has(r.id) && before.get(r.id) !== r.state)
  return { changed, seen }
}

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

/** As often as the app looks for its notifications. */
export const TRACK_INTERVAL = 60_000

/**
 * Looks at the newest requests now and every `interval` ms, and announces a change of
 * state. A look that fails forgets what was seen (the next one only learns again), as
 * the app's own tracking does. Returns what stops it.
 */
export function trackRequests(look: () => Promise<RequestSummary[]>, interval = TRACK_INTERVAL): () => void {
  let seen: Seen | null = null
  let stopped = false
  async function once() {
    try {
      const now = await look()
      if (stopped) return
      const next = stateChanged(seen, now)
      seen = next.seen
      if (next.changed) requestsChanged()
    } catch {
      seen = null
    }
  }
  void once()
  const timer = setInterval(once, interval)
  return () => {
    stopped = true
    clearInterval(timer)
  }
}
