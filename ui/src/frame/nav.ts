// The areas of the signed-in app and who sees which, in the navigation's order.
import type { AccessRole } from '../api'

export type Area = 'staff' | 'requests' | 'import' | 'audit' | 'queue' | 'callers' | 'account'

export const areaLabel: Record<Area, string> = {
  staff: 'Staff',
  requests: 'Requests',
  import: 'Import',
  audit: 'Audit log',
  queue: 'Queue',
  callers: 'Callers',
  account: 'My account',
}

/** The navigation of each role; the first item is where they land. */
export const navOf: Record<AccessRole, Area[]> = {
  office_manager: ['staff', 'requests', 'import', 'audit'],
  reviewer: ['queue', 'requests'],
  help_desk: ['callers'],
  staff: ['account'],
}

/** Where a role lands after signing in. */
export const homeOf = (role: AccessRole): Area => navOf[role][0]
