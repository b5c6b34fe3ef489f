// The office manager's audit log: the typed side of src-tauri/src/commands/audit.rs.
// The PDN is the manager's own, taken from their session by the app.
import { call } from '../api'
import type { AuditPage } from '../bindings/AuditPage'
import type { AuditPageQuery } from '../bindings/AuditPageQuery'

export type { AuditEntry } from '../bindings/AuditEntry'
export type { AuditPage } from '../bindings/AuditPage'
export type { AuditPageQuery } from '../bindings/AuditPageQuery'

export const auditApi = {
  /** A page of my dealership's audit log, newest first; `before` is the previous page's `next_before`. */
  dealerAudit: (page: AuditPageQuery = {}) => call('dealer_audit', { page }),
}
