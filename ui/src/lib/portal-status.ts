// Whether the app's portal can be reached, as the last command found it. `call` in
// api.ts reports every failed command here; `unreachable` and `timeout` raise the
// PortalBanner, a successful retry lowers it. Nothing but the code and the message is
// kept (never a command's arguments).
import { writable, type Readable } from 'svelte/store'
import type { CommandError } from '../bindings/app/CommandError'

export type PortalProblem = { code: 'unreachable' | 'timeout'; message: string }

/**
 * Commands that ask about another portal than the app's own (a shared portal's address
 * being checked or chosen): their `unreachable` says nothing about the app's portal.
 */
const otherPortal = new Set(['check_portal_url', 'set_portal'])

const problem = writable<PortalProblem | null>(null)

/** The current problem with the app's portal, or null when none is known. */
export const portalProblem: Readable<PortalProblem | null> = { subscribe: problem.subscribe }

/** Called by `call` with every command error. */
export function reportCommandError(command: string, error: CommandError) {
  if (otherPortal.has(command)) return
  if (error.code === 'unreachable' || error.code === 'timeout') {
    problem.set({ code: error.code, message: error.message })
  }
}

/** The portal answered again. */
export function portalReachable() {
  problem.set(null)
}
