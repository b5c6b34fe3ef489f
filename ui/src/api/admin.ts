// The provider admin's work: dealerships, their office managers, roles and the provider's
// own people. The typed side of src-tauri/src/commands/admin.rs.
import { call } from '../api'
import type { AccessRole } from '../bindings/AccessRole'
import type { DealershipInput } from '../bindings/DealershipInput'
import type { DealershipPage } from '../bindings/DealershipPage'
import type { DealershipSummary } from '../bindings/DealershipSummary'
import type { InvitationInput } from '../bindings/InvitationInput'
import type { Invited } from '../bindings/Invited'
import type { OnboardingReport } from '../bindings/OnboardingReport'
import type { PersonSummary } from '../bindings/PersonSummary'
import type { StaffInvitationInput } from '../bindings/StaffInvitationInput'
import type { UnlockApproval } from '../bindings/UnlockApproval'

export type { DealershipInput } from '../bindings/DealershipInput'
export type { DealershipPage } from '../bindings/DealershipPage'
export type { DealershipSummary } from '../bindings/DealershipSummary'
export type { InvitationInput } from '../bindings/InvitationInput'
export type { Invited } from '../bindings/Invited'
export type { OnboardingReport } from '../bindings/OnboardingReport'
export type { PersonSummary } from '../bindings/PersonSummary'
export type { StaffInvitationInput } from '../bindings/StaffInvitationInput'
export type { UnlockApproval } from '../bindings/UnlockApproval'

/** The roles the provider's own people have, in the order they are offered. */
export const providerRoles = ['reviewer', 'help_desk', 'provider_admin'] as const satisfies readonly AccessRole[]
export type ProviderRole = (typeof providerRoles)[number]

export const adminApi = {
  dealerships: (q?: string, limit?: number, offset?: number) =>
    call('admin_dealerships', { q: q ?? null, limit: limit ?? null, offset: offset ?? null }),
  createDealership: (input: DealershipInput) => call('admin_create_dealership', { input }),
  dealership: (pdn: string) => call('admin_dealership', { pdn }),
  changeDealership: (pdn: string, input: DealershipInput) =>
    call('admin_change_dealership', { pdn, input }),
  setDealershipOpen: (pdn: string, open: boolean) =>
    call('admin_set_dealership_open', { pdn, open }),
  people: (pdn: string) => call('admin_dealership_people', { pdn }),
  inviteOfficeManager: (pdn: string, input: InvitationInput) =>
    call('admin_invite_office_manager', { pdn, input }),
  changeRole: (userId: string, role: AccessRole) => call('admin_change_role', { userId, role }),
  staff: () => call('admin_staff'),
  inviteStaff: (input: StaffInvitationInput) => call('admin_invite_staff', { input }),
  setStaffActive: (userId: string, active: boolean) =>
    call('admin_set_staff_active', { userId, active }),
  importDealerships: (csv: string) => call('admin_import_dealerships', { csv }),
  unlockApprovals: () => call('admin_unlock_approvals'),
  approveUnlock: (id: number) => call('admin_approve_unlock', { id }),
}
