// User ID Requests, their review, the dealership's staff, CSV import and roster export:
// the typed side of src-tauri/src/commands/requests.rs (and `applications`).
import { call } from '../api'
import { ROLES } from '../bindings/limits'
import type { Action } from '../bindings/Action'
import type { HistoryAction } from '../bindings/HistoryAction'
import type { ApplicationInfo } from '../bindings/ApplicationInfo'
import type { AttemptKind } from '../bindings/AttemptKind'
import type { DealerUser } from '../bindings/DealerUser'
import type { DealerUsersFilter } from '../bindings/DealerUsersFilter'
import type { ImportReport } from '../bindings/ImportReport'
import type { RequestDetail } from '../bindings/RequestDetail'
import type { RequestFilter } from '../bindings/RequestFilter'
import type { RequestForm } from '../bindings/RequestForm'
import type { RequestKind } from '../bindings/RequestKind'
import type { RequestPage } from '../bindings/RequestPage'

// The shapes are generated from the Rust wire types (ts-rs, src/bindings/).
export type { AccountState } from '../bindings/AccountState'
export type { QueueSort } from '../bindings/QueueSort'
export type { WaitingOn } from '../bindings/WaitingOn'
export type { ApplicationInfo } from '../bindings/ApplicationInfo'
export type { AttemptKind } from '../bindings/AttemptKind'
export type { DealerUser } from '../bindings/DealerUser'
export type { DealerUsersFilter } from '../bindings/DealerUsersFilter'
export type { ImportOutcome } from '../bindings/ImportOutcome'
export type { ImportReport } from '../bindings/ImportReport'
export type { ImportRow } from '../bindings/ImportRow'
export type { InactivityStatus } from '../bindings/InactivityStatus'
export type { LockInfo } from '../bindings/LockInfo'
export type { RequestDetail } from '../bindings/RequestDetail'
export type { RequestEvent } from '../bindings/RequestEvent'
export type { RequestFilter } from '../bindings/RequestFilter'
export type { RequestForm } from '../bindings/RequestForm'
export type { RequestKind } from '../bindings/RequestKind'
export type { RequestPage } from '../bindings/RequestPage'
export type { RequestState } from '../bindings/RequestState'
export type { RequestSummary } from '../bindings/RequestSummary'

/** The kinds an office manager files with the User ID Request form. */
export type FormKind = Exclude<RequestKind, 'self_registration'>
/** What a reviewer may do to a request (`answer_info` is the requester's: answerRequest). */
export type DecisionAction = Exclude<Action, 'answer_info'>

/** The keys of dealer-core's `Role`, in the order a person picks from. */
export const roleKeys = ROLES.map((r) => r.key)
export type RoleKey = (typeof ROLES)[number]['key']

/** Drop empty values, so a filter sends only what is set. */
function compact<T extends object>(filter: T): T {
  return Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as T
}

export const requestsApi = {
  applications: () => call('applications'),
  submitRequest: (form: RequestForm) => call('submit_request', { form }),
  requestDetail: (id: number) => call('request_detail', { id }),
  /** My dealership's requests, newest first. */
  dealerRequests: (filter: RequestFilter = {}) => call('dealer_requests', { filter: compact(filter) }),
  /** My dealership's users with status, locks and the inactivity countdown. */
  dealerUsers: (filter: DealerUsersFilter = {}) => call('dealer_users', { filter: compact(filter) }),
  answerRequest: (id: number, note: string) => call('answer_request', { id, note }),
  cancelRequest: (id: number, note: string | null) => call('cancel_request', { id, note }),
  /** The reviewers' queue, oldest due first. */
  reviewQueue: (filter: RequestFilter = {}) => call('review_queue', { filter: compact(filter) }),
  /** `note` is required to reject or to ask for information. */
  decideRequest: (id: number, decision: { action: DecisionAction; note?: string }) =>
    call('decide_request', { id, decision }),
  importRequests: (csv: string) => call('import_requests', { csv }),
  rosterCsv: () => call('roster_csv'),
}

export const kindLabel: Record<RequestKind, string> = {
  self_registration: 'Registration',
  new_user: 'New user',
  remove_application_access: 'Remove application access',
  reactivation: 'Reactivation',
  deactivation: 'Deactivation',
}

export const roleKeyLabel = Object.fromEntries(ROLES.map((r) => [r.key, r.label])) as Record<RoleKey, string>

export const attemptKindLabel: Record<AttemptKind, string> = {
  password: 'wrong passwords',
  challenge_answer: 'wrong challenge answers',
  help_desk_verification: 'missed help-desk verifications',
}

/** What each action is called on a button and in a request's history. */
export const actionLabel: Record<HistoryAction, string> = {
  submit: 'Submitted',
  start_review: 'Review started',
  approve: 'Approved',
  reject: 'Rejected',
  request_info: 'Information requested',
  answer_info: 'Information given',
  complete: 'Completed',
  cancel: 'Cancelled',
}
