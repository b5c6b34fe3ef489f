// The areas of the signed-in app and who sees which, in the navigation's order.
import type { AccessRole } from '../api'

export type Area =
  | 'staff'
  | 'requests'
  | 'import'
  | 'audit'
  | 'queue'
  | 'callers'
  | 'dealerships'
  | 'access-reviews'
  | 'provider-staff'
  | 'account'

export const areaLabel: Record<Area, string> = {
  staff: 'Staff',
  requests: 'Requests',
  import: 'Import',
  audit: 'Audit log',
  queue: 'Queue',
  callers: 'Callers',
  dealerships: 'Dealerships',
  'access-reviews': 'Access reviews',
  'provider-staff': 'Provider staff',
  account: 'My account',
}

/** The navigation of each role; the first item is where they land. */
export const navOf: Record<AccessRole, Area[]> = {
  office_manager: ['staff', 'requests', 'import', 'audit'],
  reviewer: ['queue', 'requests', 'access-reviews'],
  help_desk: ['callers'],
  provider_admin: ['dealerships', 'access-reviews', 'provider-staff'],
  staff: ['account'],
}

/** Where a role lands after signing in. */
export const homeOf = (role: AccessRole): Area => navOf[role][0]
