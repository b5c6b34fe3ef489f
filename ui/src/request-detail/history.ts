// A request's history as the Timeline shows it, and what each side may still do.
import { actionLabel, type DecisionAction, type RequestEvent, type RequestState, type RequestSummary } from '../api/requests'
import { dueText, formatDate } from '../lib/dates'
import { statusText } from '../lib/status'
import type { TimelineItem } from '../lib/Timeline.svelte'

/** Oldest first: what happened, who did it, the note, and the state it led to. */
export function timelineOf(history: RequestEvent[]): TimelineItem[] {
  return history.map((event, i) => {
    const by = event.actor ? `by ${event.actor}` : 'by the registrant'
    const to = statusText[event.to].label.toLowerCase()
    const detail = [`${by}; now ${to}.`, event.note ? `Note: “${event.note}”` : null].filter(Boolean).join(' ')
    return {
      title: actionLabel[event.action],
      detail,
      at: event.at,
      state: i === history.length - 1 ? 'current' : 'done',
    }
  })
}

export const terminal = (state: RequestState) => ['completed', 'rejected', 'cancelled'].includes(state)

/** The reviewer's choices from `state`, as dealer-core's state machine allows them. */
export function reviewerActions(state: RequestState): DecisionAction[] {
  switch (state) {
    case 'submitted':
      return ['start_review', 'cancel']
    case 'in_review':
      return ['approve', 'reject', 'request_info', 'cancel']
    case 'approved':
      return ['complete', 'request_info', 'cancel']
    case 'needs_info':
      return ['cancel']
    default:
      return []
  }
}

/** The requester may cancel until the request is approved (then only the provider may). */
export const managerMayCancel = (state: RequestState) => !terminal(state) && state !== 'approved'

/** Reject needs the reason, needs-info what is needed: the dealership reads it. */
export const noteRequired = (action: DecisionAction) => action === 'reject' || action === 'request_info'

/**
 * What a list says about a request's time: when it is due or how long overdue, whose turn
 * it is while it waits on the dealership (its due time starts again when they answer),
 * or when it closed.
 */
export function dueOf(
  r: Pick<RequestSummary, 'state' | 'due_at' | 'overdue' | 'updated_at'>,
  viewer: 'manager' | 'reviewer',
  now: Date,
  timeZone?: string,
): { text: string; tone: 'due' | 'overdue' | 'waiting' | 'closed' } {
  if (terminal(r.state)) return { text: `Closed ${formatDate(r.updated_at, now, timeZone)}`, tone: 'closed' }
  if (r.state === 'needs_info') {
    // It moved to needs information when it was last updated.
    const since = formatDate(r.updated_at, now, timeZone)
    return {
      text: viewer === 'manager' ? `Waiting on you since ${since}` : `Waiting on the dealership since ${since}`,
      tone: 'waiting',
    }
  }
  const due = dueText(r.due_at, now)
  if (r.overdue) return { text: due.past ? due.text : 'Overdue', tone: 'overdue' }
  return { text: due.text, tone: 'due' }
}
