// My two-step sign-in (src-tauri/src/commands/two_step.rs): where it stands, setting it up
// with the QR code the app draws, and confirming it with the first code.
import { call } from '../api'

export type { TwoStepStatus } from '../bindings/TwoStepStatus'
export type { TwoStepSetUp } from '../bindings/app/TwoStepSetUp'
export type { RecoveryCodes } from '../bindings/RecoveryCodes'
export type { RememberedDevice } from '../bindings/RememberedDevice'
export type { SessionInfo } from '../bindings/SessionInfo'

export const twoStepApi = {
  status: () => call('two_step_status'),
  /** A new secret: the QR code as SVG and the secret to type. `conflict` when on already. */
  begin: () => call('two_step_begin'),
  /** The first code turns it on: the ten recovery codes, shown once. `wrong_code` otherwise. */
  confirm: (code: string) => call('two_step_confirm', { code }),
  /** My computers that skip the code for 30 days. */
  devices: () => call('remembered_devices'),
  /** Forget one: its next sign-in asks for the code. `not_found` when it is gone already. */
  forgetDevice: (id: string) => call('forget_device', { id }),
  /** Where I am signed in (this session marked `current`). */
  sessions: () => call('list_sessions'),
  /** Sign out one of my other sessions. `not_found` when it ended already. */
  endSession: (id: string) => call('revoke_session', { id }),
}
