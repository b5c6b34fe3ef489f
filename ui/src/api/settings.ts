// The portal this app talks to and how this computer is used (src-tauri/src/commands/settings.rs).
// Checking or choosing a shared portal never raises the unreachable banner: that portal is
// not (yet) the app's own.
import { call } from '../api'
import type { DeviceMode } from '../bindings/app/DeviceMode'
import type { LoadedSettings } from '../bindings/app/LoadedSettings'
import type { PortalFound } from '../bindings/app/PortalFound'
import type { PortalInfo } from '../bindings/app/PortalInfo'

export type { PortalFound } from '../bindings/app/PortalFound'
export type { PortalInfo } from '../bindings/app/PortalInfo'

export const settingsApi = {
  /** The portal this window talks to now. */
  portalInfo: () => call('portal_info'),
  /** `invalid_portal_url`, `unreachable`, `untrusted_certificate`, `timeout`, `not_a_portal`. */
  checkPortalUrl: (url: string) => call('check_portal_url', { url }),
  /**
   * First run in one step: how this computer is used and its portal (null: on this
   * computer), each unless the administrator pins it. Restarts the app when the portal
   * changes. `forbidden` once the first run is over; the codes of `checkPortalUrl`.
   */
  completeFirstRun: (mode: DeviceMode, url: string | null) =>
    call('complete_first_run', { mode, url }),
  /**
   * Save the portal (null: standalone, on this computer) and restart the app, so the call
   * does not come back when the portal changes. Only a signed-in office manager
   * (`unauthenticated`, `forbidden`), never when pinned (`set_by_administrator`); a shared
   * portal's address is checked first (the codes of `checkPortalUrl`).
   */
  setPortal: (url: string | null) => call('set_portal', { url }),
  /** 1 to 120 (`invalid_idle_minutes`); an office manager signed in (`unauthenticated`, `forbidden`); `set_by_administrator`. */
  setIdleMinutes: (minutes: number) => call('set_idle_minutes', { minutes }),
}
