// Access reviews (issue 17): the typed side of src-tauri/src/commands/access_reviews.rs.
import { call } from '../api'
import type { AccessDecision } from '../bindings/AccessDecision'

export type { AccessDecision } from '../bindings/AccessDecision'
export type { AccessReview } from '../bindings/AccessReview'
export type { AccessReviewPerson } from '../bindings/AccessReviewPerson'
export type { AccessReviewSummary } from '../bindings/AccessReviewSummary'
export type { FinishedAccessReview } from '../bindings/FinishedAccessReview'

export const accessReviewsApi = {
  /** My dealership's reviews, newest first. */
  list: () => call('access_reviews'),
  /** One review with its people. */
  get: (id: number) => call('access_review', { id }),
  /** My decision on one person (replaces an earlier one until the review is finished). */
  decide: (id: number, userId: string, decision: AccessDecision) => call('decide_access', { id, userId, decision }),
  /** Finish: the removals and deactivations decided are filed as requests. */
  finish: (id: number) => call('finish_access_review', { id }),
  /** The review's evidence as CSV text. */
  reportCsv: (id: number) => call('access_review_report_csv', { id }),
}

/** The file name the report is saved as. */
export const reportFileName = (pdn: string, id: number) => `access-review-${pdn}-${id}.csv`
