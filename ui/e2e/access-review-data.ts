// The fake portal's access review of Lakeside Motors (issue 17): review #7, opened a
// week before `now`, due Friday Dec 11, with the same four people as the staff list. The
// portal's rules as far as these tests need them: nobody decides on themselves, a
// removal only of what is held, a deactivation says why, a finish only once everyone is
// decided. Test data only.
import type { AccessDecision } from '../src/bindings/AccessDecision'
import type { AccessReview } from '../src/bindings/AccessReview'
import type { AccessReviewPerson } from '../src/bindings/AccessReviewPerson'
import { CommandFailure, type MockApp } from './fixtures'

const person = (
  user_id: string,
  first_name: string,
  last_name: string,
  extra: Partial<AccessReviewPerson>,
): AccessReviewPerson => ({
  user_id,
  first_name,
  last_name,
  role: 'staff',
  state: 'active',
  applications: [],
  last_sign_in_at: null,
  decision: null,
  decided_by: null,
  decided_at: null,
  may_decide: true,
  request_id: null,
  on_hold: false,
  ...extra,
})

export function lakesideReview(): AccessReview {
  return {
    review: {
      id: 7,
      pdn: '01234',
      dealership_name: 'Lakeside Motors',
      opened_at: '2026-11-22T15:00:00Z',
      deadline: '2026-12-11T22:00:00Z',
      overdue: false,
      escalated_at: null,
      reminders_sent: 1,
      finished_at: null,
      finished_by: null,
      decided: 0,
      total: 4,
    },
    people: [
      person('apatel', 'Anita', 'Patel', { state: 'inactive', applications: ['smartcash'], last_sign_in_at: '2026-09-11T17:20:00Z' }),
      person('jchen', 'James', 'Chen', { state: 'locked', applications: ['smartauction', 'smartcash'], last_sign_in_at: '2026-11-20T13:15:00Z' }),
      person('mgarcia', 'Maria', 'Garcia', {
        role: 'office_manager',
        applications: ['intellirater', 'smartcash'],
        last_sign_in_at: '2026-11-28T14:02:00Z',
        may_decide: false,
      }),
      person('rbrooks', 'Robert', 'Brooks', {
        applications: ['intellirater', 'smartauction', 'smartcash'],
        last_sign_in_at: '2026-10-04T14:00:00Z',
      }),
    ],
  }
}

/** Installs the access-review commands on `app`, over a review of its own. */
export function mockAccessReview(app: MockApp) {
  let review = lakesideReview()
  /** Who decides: the office manager, unless the spec looks as the provider. */
  let decider = 'mgarcia'
  const summary = () => ({
    ...review.review,
    decided: review.people.filter((p) => p.decision !== null).length,
    total: review.people.length,
  })
  const find = (id: unknown) => {
    if (id !== review.review.id) throw new CommandFailure('not_found', 'The requested resource was not found')
  }
  app.on('access_reviews', () => [summary()])
  app.on('access_review', (args) => {
    find(args.id)
    return structuredClone({ review: summary(), people: review.people })
  })
  app.on('decide_access', (args) => {
    find(args.id)
    if (review.review.finished_at) throw new CommandFailure('conflict', 'Access review 7 is finished: its decisions can no longer change.')
    const p = review.people.find((x) => x.user_id === args.userId)
    if (!p) throw new CommandFailure('not_found', 'The requested resource was not found')
    if (!p.may_decide) {
      throw new CommandFailure('not_eligible', 'Your own access is decided by another office manager of your dealership, or by the provider when there is none')
    }
    const decision = args.decision as AccessDecision
    if (decision.decision === 'deactivate' && !decision.reason.trim()) {
      throw new CommandFailure('invalid_form', 'Please correct the form.', { fields: [{ field: 'reason', message: 'Say why access ends (for example: left the dealership on May 3)' }] })
    }
    p.decision = decision
    p.decided_by = decider
    p.decided_at = '2026-11-29T15:00:00Z'
    return structuredClone(p)
  })
  app.on('finish_access_review', (args) => {
    find(args.id)
    const left = review.people.filter((p) => p.decision === null)
    if (left.length) throw new CommandFailure('not_eligible', `Decide on everyone before finishing: ${left.length} still to decide.`)
    let next = 1060
    const requests: number[] = []
    for (const p of review.people) {
      if (p.decision && p.decision.decision !== 'keep') {
        p.request_id = next++
        requests.push(p.request_id)
      }
    }
    review = { ...review, review: { ...review.review, finished_at: '2026-11-29T15:00:00Z', finished_by: 'mgarcia' } }
    return { review: summary(), requests, already_gone: [] }
  })
  app.on('access_review_report_csv', (args) => {
    find(args.id)
    return ['review,user_id,decision', ...review.people.map((p) => `7,${p.user_id},${p.decision?.decision ?? 'undecided'}`)].join('\r\n') + '\r\n'
  })
  // The provider's view across dealerships: Lakeside's open review, Hilltop's overdue and
  // escalated one (only once `overdueHilltop` is called), and last quarter's finished one.
  let hilltop = false
  const across = () => [
    ...(hilltop ? [hilltopOverdue] : []),
    summary(),
    lastQuarter,
  ]
  app.on('access_reviews_across', (args) =>
    across().filter(
      (r) =>
        (!args.pdn || r.pdn === args.pdn) &&
        (args.completion === 'open'
          ? r.finished_at === null
          : args.completion === 'overdue'
            ? r.overdue
            : args.completion === 'finished'
              ? r.finished_at !== null
              : true),
    ),
  )
  app.on('open_access_reviews', (args) => {
    if (args.pdn === '01234') return { opened: [], already_open: ['01234'] }
    if (args.pdn === '56789' || !args.pdn) {
      hilltop = true
      return { opened: [{ ...hilltopOverdue, overdue: false, escalated_at: null }], already_open: args.pdn ? [] : ['01234'] }
    }
    throw new CommandFailure('unknown_pdn', `No dealership has PDN ${args.pdn}.`)
  })
  app.on('access_review_report_pdf', (args) => {
    find(args.id)
    // The portal renders it (tested there); here a stand-in with a PDF's first bytes.
    return [...new TextEncoder().encode('%PDF-1.4\n% review 7\n%%EOF\n')]
  })
  /** The Lakeside review, for a spec that sets up a state of its own. */
  return {
    /** Hilltop's review is past its deadline and escalated. */
    overdueHilltop() {
      hilltop = true
    },
    /** As the provider sees it: Maria's own row is theirs to decide (no other manager), the staff's are hers. */
    asProvider() {
      decider = 'reviewer.sam'
      for (const p of review.people) p.may_decide = p.role === 'office_manager'
    },
    decideFor(userId: string, decision: AccessDecision) {
      const p = review.people.find((x) => x.user_id === userId)!
      p.decision = decision
      p.decided_by = p.may_decide ? 'mgarcia' : 'reviewer.sam'
    },
  }
}

const hilltopOverdue = {
  id: 8,
  pdn: '56789',
  dealership_name: 'Hilltop Auto Group',
  opened_at: '2026-11-06T15:00:00Z',
  deadline: '2026-11-20T22:00:00Z',
  overdue: true,
  escalated_at: '2026-11-20T22:15:00Z',
  reminders_sent: 4,
  finished_at: null,
  finished_by: null,
  decided: 1,
  total: 3,
}

const lastQuarter = {
  id: 3,
  pdn: '01234',
  dealership_name: 'Lakeside Motors',
  opened_at: '2026-08-24T14:00:00Z',
  deadline: '2026-09-08T21:00:00Z',
  overdue: false,
  escalated_at: null,
  reminders_sent: 3,
  finished_at: '2026-09-02T19:40:00Z',
  finished_by: 'mgarcia',
  decided: 4,
  total: 4,
}
