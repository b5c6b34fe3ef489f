import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../api/audit'
import type { AuditDetail } from '../bindings/AuditDetail'
import { actorText, detailText, eventLabel, eventText, failureText, outcomeOf, outcomeText } from './entries'

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2026-11-29T15:04:31Z',
  event: 'sign_in',
  outcome: 'success',
  actor: 'jchen',
  target: 'jchen',
  detail: null,
  ...over,
})

describe('audit entries in plain words', () => {
  it('names every event and outcome the portal can write', () => {
    expect(eventText('account_locked')).toBe('Online access locked')
    expect(eventText('help_desk_unlock')).toBe('Help desk unlock')
    expect(eventText('unknown')).toBe('Other event')
    expect(outcomeOf('wrong_password')).toEqual({ label: 'Wrong password', tone: 'danger' })
    expect(outcomeOf('success').tone).toBe('ok')
    for (const [event, label] of Object.entries(eventLabel)) expect(label, event).not.toMatch(/_/)
    for (const [outcome, { label }] of Object.entries(outcomeText)) expect(label, outcome).not.toMatch(/_/)
  })

  it('says who acted when no user ID did', () => {
    expect(actorText(entry({ actor: 'mgarcia' }))).toBe('mgarcia')
    expect(actorText(entry({ event: 'inactivity_deactivated', actor: null }))).toBe('Dealer Access (automatic)')
    expect(actorText(entry({ event: 'registration_submitted', actor: null }))).toBe('The registrant (not signed in)')
  })

  it('words each kind of detail from its fields', () => {
    expect(
      detailText(
        entry({
          event: 'request_transition',
          detail: { type: 'request_transition', request_id: 1044, request_kind: 'deactivation', from: 'in_review', to: 'needs_info', action: 'request_info' },
        }),
      ),
    ).toBe('Request #1044 (Deactivation) went from in review to needs information.')
    expect(
      detailText(entry({ event: 'request_submitted', detail: { type: 'request_submitted', request_id: 1052, request_kind: 'new_user', access_suspended: null } })),
    ).toBe('Request #1052 (New user).')
    expect(
      detailText(
        entry({
          event: 'request_submitted',
          detail: { type: 'request_submitted', request_id: 1053, request_kind: 'deactivation', access_suspended: { sessions_ended: 2 } },
        }),
      ),
    ).toBe('Request #1053 (Deactivation); access suspended, 2 sessions ended.')
    expect(detailText(entry({ event: 'registration_submitted', detail: { type: 'registration', request_id: 1050 } }))).toBe('Request #1050.')
    expect(
      detailText(entry({ event: 'account_locked', detail: { type: 'failed_attempts', failures: 5, attempt_kind: 'password' } })),
    ).toBe('After 5 wrong passwords.')
    expect(
      detailText(entry({ event: 'account_locked', detail: { type: 'failed_attempts', failures: 3, attempt_kind: 'challenge_answer' } })),
    ).toBe('After 3 wrong challenge answers.')
    expect(detailText(entry({ event: 'help_desk_verify', outcome: 'no_match', detail: { type: 'misses', misses: 2 } }))).toBe('2 missed in a row.')
    expect(detailText(entry({ event: 'account_created', detail: { type: 'account_created', role: 'office_manager' } }))).toBe('Role: Office manager.')
    expect(detailText(entry({ event: 'inactivity_deactivated', detail: { type: 'inactivity', days: 60 } }))).toBe(
      'No sign-in for 60 days; a reactivation request brings it back.',
    )
    expect(
      detailText(entry({ event: 'password_change', detail: { type: 'sessions_ended', sessions_ended: 1, others_only: true, still_locked: false } })),
    ).toBe('1 other session ended.')
    expect(
      detailText(entry({ event: 'password_reset', detail: { type: 'sessions_ended', sessions_ended: 0, others_only: false, still_locked: true } })),
    ).toBe('0 sessions ended; online access stays locked until the help desk unlocks it.')
  })

  it('words every kind of detail there is, from its fields', () => {
    // One sample a kind: a kind added in Rust is a type error here until it has one.
    const samples: { [K in AuditDetail['type']]: Extract<AuditDetail, { type: K }> } = {
      request_submitted: { type: 'request_submitted', request_id: 1, request_kind: 'new_user', access_suspended: null },
      request_transition: {
        type: 'request_transition',
        request_id: 2,
        request_kind: 'reactivation',
        from: 'submitted',
        to: 'in_review',
        action: 'start_review',
      },
      registration: { type: 'registration', request_id: 3 },
      failed_attempts: { type: 'failed_attempts', failures: 5, attempt_kind: 'password' },
      misses: { type: 'misses', misses: 1 },
      account_created: { type: 'account_created', role: 'staff' },
      inactivity: { type: 'inactivity', days: 60 },
      access_review_opened: { type: 'access_review_opened', review_id: 7, people: 23 },
      access_review_finished: { type: 'access_review_finished', review_id: 7, requests: [1060, 1061] },
      access_review_escalated: { type: 'access_review_escalated', review_id: 7, undecided: 3, held: 2 },
      unlock: { type: 'unlock', lock_kind: 'challenge_answer', was_locked: true, verification_id: 4, sessions_ended: 0 },
      sessions_ended: { type: 'sessions_ended', sessions_ended: 2, others_only: false, still_locked: false },
      dealership: { type: 'dealership', name: 'Lakeside Motors' },
      closed: { type: 'closed', sessions_ended: 3 },
      invitation: { type: 'invitation', role: 'office_manager', expires_at: '2026-12-08T22:00:00Z' },
      role_change: { type: 'role_change', from: 'staff', to: 'office_manager' },
      rate_limited: { type: 'rate_limited', route: 'POST /api/v1/sessions', refusals: 12 },
      search: { type: 'search', matches: 4 },
      note: { type: 'note', text: 'Imported from the old portal.' },
    }
    for (const [kind, detail] of Object.entries(samples)) {
      const text = detailText(entry({ detail }))
      expect(text, kind).toBeTruthy()
      expect(text, `${kind} says no field name or missing value`).not.toMatch(/_|undefined|null|NaN|\[object/)
    }
    expect(detailText(entry({ detail: samples.dealership }))).toBe('Lakeside Motors.')
    expect(detailText(entry({ detail: samples.closed }))).toBe('Its people cannot sign in; 3 sessions ended.')
    expect(detailText(entry({ detail: samples.invitation }))).toMatch(/^As office manager; the mailed code works until .*Dec/)
    expect(detailText(entry({ detail: samples.role_change }))).toBe('From staff to office manager.')
    expect(detailText(entry({ detail: samples.rate_limited }))).toBe('12 requests to POST /api/v1/sessions refused.')
    expect(detailText(entry({ detail: samples.access_review_opened }))).toBe('Review #7 lists 23 people.')
    expect(detailText(entry({ detail: samples.access_review_finished }))).toBe('Review #7: requests #1060, #1061 filed.')
    expect(detailText(entry({ detail: samples.access_review_escalated }))).toBe(
      'Review #7 passed its deadline with 3 people undecided; 2 are on hold until decided.',
    )
    expect(
      detailText(entry({ detail: { type: 'access_review_escalated', review_id: 7, undecided: 1, held: 0 } })),
      'nobody is held when the portal only escalates',
    ).toBe('Review #7 passed its deadline with 1 person undecided.')
  })

  it('says what a help-desk unlock did', () => {
    expect(
      detailText(entry({ event: 'help_desk_unlock', detail: { type: 'unlock', was_locked: true, lock_kind: 'password', verification_id: 7, sessions_ended: 1 } })),
    ).toBe('Was locked after wrong passwords; a temporary password was issued, to be changed at the next sign-in; 1 session ended.')
    expect(
      detailText(entry({ event: 'help_desk_unlock', detail: { type: 'unlock', was_locked: false, lock_kind: null, verification_id: 8, sessions_ended: 0 } })),
    ).toBe('Was not locked; a temporary password was issued, to be changed at the next sign-in; 0 sessions ended.')
  })

  it('keeps a note written before details were typed, and none as none', () => {
    const misses = '3 failed help-desk verifications in a row'
    expect(detailText(entry({ event: 'help_desk_verify', outcome: 'no_match', detail: { type: 'note', text: misses } }))).toBe(misses)
    expect(detailText(entry({ detail: null }))).toBeNull()
    expect(detailText(entry({ detail: { type: 'note', text: '  ' } }))).toBeNull()
  })

  it('words a failure by its code, whatever its message', () => {
    expect(failureText({ code: 'forbidden', message: 'x' })).toEqual({
      text: 'Only the office manager of a dealership can read its audit log.',
      retry: false,
    })
    expect(failureText({ code: 'unauthenticated', message: 'x' }).retry).toBe(false)
    expect(failureText({ code: 'timeout', message: 'x' }).retry).toBe(true)
    expect(failureText({ code: 'internal', message: 'Something went wrong.' })).toEqual({ text: 'Something went wrong.', retry: true })
  })
})
