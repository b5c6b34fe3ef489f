// The one typed door from the UI to the app's Rust commands. Components call these
// functions, never `invoke` directly, and branch on `CommandError.code`, never on text.
import { invoke } from '@tauri-apps/api/core'
import { reportCommandError } from './lib/portal-status'

// The types are generated from the Rust wire and command types by ts-rs (`cargo test`
// writes `src/bindings/`; `cargo xtask test` fails when they differ from what is
// committed), so the UI and the app cannot drift apart.
import type { CommandError } from './bindings/app/CommandError'
export type { FieldError } from './bindings/FieldError'
export type { CommandError } from './bindings/app/CommandError'
export type { HelpDeskInfo } from './bindings/HelpDeskInfo'
export type { DeviceMode } from './bindings/app/DeviceMode'
export type { Settings } from './bindings/app/Settings'
export type { LoadedSettings } from './bindings/app/LoadedSettings'
export type { AccessRole } from './bindings/AccessRole'
export type { Me } from './bindings/Me'
export type { SignedIn } from './bindings/app/SignedIn'
export type { DemoAccount } from './bindings/app/DemoAccount'
export type { QuestionText } from './bindings/QuestionText'
export type { ResetQuestions } from './bindings/ResetQuestions'
export type { ResetAllowed } from './bindings/app/ResetAllowed'
import type { AccessRole } from './bindings/AccessRole'
import type { DemoAccount } from './bindings/app/DemoAccount'
import type { SetUpAccount } from './bindings/SetUpAccount'
import type { StandaloneSetup } from './bindings/StandaloneSetup'
import type { DeviceMode } from './bindings/app/DeviceMode'
import type { HelpDeskInfo } from './bindings/HelpDeskInfo'
import type { LoadedSettings } from './bindings/app/LoadedSettings'
import type { CommandName, Commands } from './bindings/app/Commands'
import type { Me } from './bindings/Me'
import type { ResetAllowed } from './bindings/app/ResetAllowed'
import type { ResetQuestions } from './bindings/ResetQuestions'
import type { SignedIn } from './bindings/app/SignedIn'

export function isCommandError(e: unknown): e is CommandError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e
}

/** Normalize anything a command threw into a CommandError. */
export function asCommandError(e: unknown): CommandError {
  if (isCommandError(e)) return e
  return { code: 'unknown', message: String(e) }
}

/** What `command` takes: nothing to pass when it takes nothing, or only optional arguments. */
export type ArgsOf<C extends CommandName> = {} extends Commands[C]['args']
  ? [args?: Commands[C]['args']]
  : [args: Commands[C]['args']]

/**
 * Ask the app (Rust) to run `command`, one of the commands it registers, with the arguments
 * its Rust signature takes; the answer has the type its Rust signature returns
 * (`Commands`, written from those signatures).
 */
export async function call<C extends CommandName>(command: C, ...args: ArgsOf<C>): Promise<Commands[C]['result']> {
  try {
    return await invoke<Commands[C]['result']>(command, args[0])
  } catch (e) {
    const error = asCommandError(e)
    // An unreachable portal raises the banner (src/lib/PortalBanner.svelte), whichever screen asked.
    reportCommandError(command, error)
    throw error
  }
}

export const api = {
  helpDeskInfo: () => call('help_desk_info'),
  /** The help desk as last known on this computer (kept with the settings), or null. */
  lastHelpDesk: () => call('last_help_desk'),
  getSettings: () => call('get_settings'),
  setDeviceMode: (mode: DeviceMode, idleMinutes?: number) =>
    call('set_device_mode', { mode, idleMinutes: idleMinutes ?? null }),
  signIn: (userId: string, password: string, remember: boolean) =>
    call('sign_in', { userId, password, remember }),
  /** After `inactive`: the same user ID and password ask for a reactivation request, filed as the person's own. */
  askReactivation: (userId: string, password: string) => call('ask_reactivation', { userId, password }),
  /** The second step when `signIn` answered `two_step_required`: the authenticator app's code or a recovery code. */
  /** `rememberDevice`: skip the code on this (personal) computer for 30 days. */
  signInCode: (code: string, rememberDevice = false) => call('sign_in_code', { code, rememberDevice }),
  resumeSession: () => call('resume_session'),
  signOut: () => call('sign_out'),
  /** A shared PC left idle with nobody signed in: a half-done reset and registration status are dropped. */
  endVisit: () => call('end_visit'),
  currentUser: () => call('current_user'),
  demoOffer: () => call('demo_offer'),
  loadDemoData: () => call('load_demo_data'),
  setUpDealership: (setup: StandaloneSetup) => call('set_up_dealership', { setup }),
  // Forgotten password. The reset token stays in the app; the web view never sees it.
  startPasswordReset: (userId: string) => call('start_password_reset', { userId }),
  answerPasswordReset: (userId: string, answers: [string, string]) =>
    call('answer_password_reset', { userId, answers }),
  completePasswordReset: (newPassword: string) => call('complete_password_reset', { newPassword }),
  cancelPasswordReset: () => call('cancel_password_reset'),
}

export const roleLabel: Record<AccessRole, string> = {
  staff: 'Staff',
  office_manager: 'Office manager',
  reviewer: 'Reviewer',
  help_desk: 'Help desk',
  provider_admin: 'Provider admin',
}

// User ID Requests, their review, staff, CSV import and roster export (src/api/requests.ts).
export {
  requestsApi,
  kindLabel,
  roleKeys,
  roleKeyLabel,
  attemptKindLabel,
  actionLabel,
  type AccountState,
  type ApplicationInfo,
  type AttemptKind,
  type DealerUser,
  type DealerUsersFilter,
  type DecisionAction,
  type FormKind,
  type ImportOutcome,
  type ImportReport,
  type ImportRow,
  type InactivityStatus,
  type LockInfo,
  type RequestDetail,
  type RequestEvent,
  type RequestFilter,
  type RequestForm,
  type RequestKind,
  type RequestPage,
  type RequestState,
  type RequestSummary,
  type RoleKey,
} from './api/requests'

// "Not registered?", enrollment, the forced password change (src/api/registration.ts).
export {
  registrationApi,
  type DealerName,
  type EmailCodeSent,
  type EmailConfirmed,
  type Enroll,
  type QuestionAnswer,
  type RegistrationInput,
  type RegistrationStatus,
  type Registered,
  type UserIdAvailability,
} from './api/registration'
// The help desk's console: find, verify, unlock (src/api/help-desk.ts).
export { helpDeskApi, type CallerMatch, type CallerMatches, type HelpDeskUser } from './api/help-desk'
// The portal choice, idle minutes and the portal's address (src/api/settings.ts).
export { settingsApi, type PortalFound, type PortalInfo } from './api/settings'
// The office manager's audit log, a page at a time (src/api/audit.ts).
export { accountApi, type SetQuestions } from './api/account'
export { auditApi, type AuditEntry, type AuditPage, type AuditPageQuery } from './api/audit'
// My two-step sign-in: status, set-up, confirmation (src/api/two-step.ts).
export {
  twoStepApi,
  type RecoveryCodes,
  type RememberedDevice,
  type SessionInfo,
  type TwoStepSetUp,
  type TwoStepStatus,
} from './api/two-step'
