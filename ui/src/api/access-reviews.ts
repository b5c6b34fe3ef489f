// Access reviews (issue 17): the typed side of src-tauri/src/commands/access_reviews.rs.
import { call } from '../api'
import type { AccessDecision } from '../bindings/AccessDecision'

export type { AccessDecision } from '../bindings/AccessDecision'
export type { AccessReview } from '../bindings/AccessReview'
export type { AccessReviewPerson } from '../bindings/AccessReviewPerson'
export type { AccessReviewSummary } from '../bindings/AccessReviewSummary'
export type { FinishedAccessReview } from '../bindings/FinishedAccessReview'
export type { OpenedAccessReviews } from '../bindings/OpenedAccessReviews'
export type { ReviewCompletion } from '../bindings/ReviewCompletion'
import type { ReviewCompletion } from '../bindings/ReviewCompletion'

export const accessReviewsApi = {
  /** My dealership's reviews, newest first. */
  list: () => call('access_reviews'),
  /** One review of dealership `pdn` (an office manager's own) with its people. */
  get: (pdn: string, id: number) => call('access_review', { id, pdn }),
  /** My decision on one person (replaces an earlier one until the review is finished). */
  decide: (pdn: string, id: number, userId: string, decision: AccessDecision) =>
    call('decide_access', { id, userId, decision, pdn }),
  /** Finish (the office manager): the removals and deactivations decided are filed as requests. */
  finish: (id: number) => call('finish_access_review', { id }),
  /** The review's evidence as CSV text. */
  reportCsv: (pdn: string, id: number) => call('access_review_report_csv', { id, pdn }),
  /** The review's printable report: the bytes of a PDF. */
  reportPdf: (pdn: string, id: number) => call('access_review_report_pdf', { id, pdn }),
  /** The provider: reviews across dealerships, narrowed to one completion and one PDN when given. */
  across: (completion?: ReviewCompletion, pdn?: string) => call('access_reviews_across', { completion, pdn }),
  /** A provider admin: open a review now, for one dealership or every open one. */
  openNow: (pdn?: string) => call('open_access_reviews', { pdn }),
}

/** The file name the report is saved as. */
export const reportFileName = (pdn: string, id: number, kind: 'csv' | 'pdf' = 'csv') => `access-review-${pdn}-${id}.${kind}`
