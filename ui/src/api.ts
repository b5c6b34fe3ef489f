// The one typed door from the UI to the app's Rust commands. Components call these
// functions, never `invoke` directly, and branch on `CommandError.code`, never on text.
import { invoke } from '@tauri-apps/api/core'

/** One problem of a form, on the field it is about. */
export interface FieldError {
  field: string
  message: string
}

/** What every command rejects with: the portal's `{code, message}` shape. */
export interface CommandError {
  code: string
  message: string
  /** `invalid_form`: every problem of the form, field by field. */
  fields?: FieldError[]
  /** `user_id_taken`: free user IDs like the one asked for. */
  suggestions?: string[]
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

export type DeviceMode = 'personal' | 'shared'

export interface Settings {
  device_mode: DeviceMode | null
  portal_url: string | null
  idle_minutes: number
  last_user_id: string | null
}

export interface LoadedSettings {
  settings: Settings
  reset_notice: string | null
}

export type AccessRole = 'staff' | 'office_manager' | 'reviewer' | 'help_desk'

export interface Me {
  user_id: string
  first_name: string
  last_name: string
  email: string
  role: AccessRole
  pdn: string | null
  dealership_name: string | null
  must_change_password: boolean
  last_sign_in_at: string | null
  deactivates_at: string | null
}

export interface SignedIn {
  user: Me
  remembered: boolean
  keychain_notice: string | null
}

export interface DemoAccount {
  role: AccessRole
  pdn: string | null
  dealership: string | null
  user_id: string
  name: string
  email: string
  password: string
  questions: { kind: 'challenge' | 'help_desk_secret'; question: string; answer: string }[]
}

export interface QuestionText {
  id: string
  text: string
}

/** The two challenge questions of a password reset, in the order to answer them. */
export interface ResetQuestions {
  questions: [QuestionText, QuestionText]
}

/** Both answers were right: the new password must be set within this time. */
export interface ResetAllowed {
  expires_in_minutes: number
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
  getSettings: () => call<LoadedSettings>('get_settings'),
  setDeviceMode: (mode: DeviceMode, idleMinutes?: number) =>
    call<LoadedSettings>('set_device_mode', { mode, idleMinutes: idleMinutes ?? null }),
  signIn: (userId: string, password: string, remember: boolean) =>
    call<SignedIn>('sign_in', { userId, password, remember }),
  resumeSession: () => call<SignedIn | null>('resume_session'),
  signOut: () => call<void>('sign_out'),
  currentUser: () => call<Me | null>('current_user'),
  demoOffer: () => call<boolean>('demo_offer'),
  loadDemoData: () => call<DemoAccount[]>('load_demo_data'),
  // Forgotten password. The reset token stays in the app; the web view never sees it.
  startPasswordReset: (userId: string) => call<ResetQuestions>('start_password_reset', { userId }),
  answerPasswordReset: (userId: string, answers: [string, string]) =>
    call<ResetAllowed>('answer_password_reset', { userId, answers }),
  completePasswordReset: (newPassword: string) => call<void>('complete_password_reset', { newPassword }),
  cancelPasswordReset: () => call<void>('cancel_password_reset'),
}

export const roleLabel: Record<AccessRole, string> = {
  staff: 'Staff',
  office_manager: 'Office manager',
  reviewer: 'Reviewer',
  help_desk: 'Help desk',
}
