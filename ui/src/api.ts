// The one typed door from the UI to the app's Rust commands. Components call these
// functions, never `invoke` directly, and branch on `CommandError.code`, never on text.
import { invoke } from '@tauri-apps/api/core'

/** What every command rejects with: the portal's `{code, message}` shape. */
export interface CommandError {
  code: string
  message: string
}

export interface HelpDeskInfo {
  name: string
  phone: string
  hours: string
  time_zone: string
  open_now: boolean
  closes_at: string | null
  next_opening: string | null
  status_text: string
}

export function isCommandError(e: unknown): e is CommandError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e
}

/** Normalize anything a command threw into a CommandError. */
export function asCommandError(e: unknown): CommandError {
  if (isCommandError(e)) return e
  return { code: 'unexpected', message: String(e) }
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args)
  } catch (e) {
    throw asCommandError(e)
  }
}

export const api = {
  helpDeskInfo: () => call<HelpDeskInfo>('help_desk_info'),
}
