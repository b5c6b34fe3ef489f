// A request's history as the Timeline shows it, and what each side may still do.
import { actionLabel, type DecisionAction, type RequestEvent, type RequestState } from '../api/requests'
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
