import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../api/audit'
import { actorText, detailText, eventText, failureText, outcomeOf, readable } from './entries'

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
  it('names known events and outcomes, and makes unknown ones readable instead of hiding them', () => {
    expect(eventText('account_locked')).toBe('Online access locked')
    expect(eventText('help_desk_unlock')).toBe('Help desk unlock')
    expect(eventText('brand_new_event')).toBe('Brand new event')
    expect(outcomeOf('wrong_password')).toEqual({ label: 'Wrong password', tone: 'danger' })
    expect(outcomeOf('success').tone).toBe('ok')
    expect(outcomeOf('rate_limited')).toEqual({ label: 'Rate limited', tone: 'neutral' })
    expect(readable('')).toBe('')
  })

  it('says who acted when no user ID did', () => {
    expect(actorText(entry({ actor: 'mgarcia' }))).toBe('mgarcia')
    expect(actorText(entry({ event: 'inactivity_deactivated', actor: null }))).toBe('Dealer Access (automatic)')
    expect(actorText(entry({ event: 'registration_submitted', actor: null }))).toBe('The registrant (not signed in)')
  })

  it('rewrites the details the portal writes in a known shape', () => {
    expect(
      detailText(entry({ event: 'request_transition', detail: 'request 1044 (deactivation): in_review -> needs_info by request_info' })),
    ).toBe('Request #1044 (Deactivation) went from in review to needs information.')
    expect(detailText(entry({ event: 'request_submitted', detail: 'request 1052 (new_user) submitted' }))).toBe(
      'Request #1052 (New user).',
    )
    expect(
      detailText(
        entry({ event: 'request_submitted', detail: 'request 1053 (deactivation) submitted; access suspended, 2 sessions ended' }),
      ),
    ).toBe('Request #1053 (Deactivation); access suspended, 2 sessions ended.')
    expect(detailText(entry({ event: 'registration_submitted', detail: 'request 1050' }))).toBe('Request #1050.')
    expect(detailText(entry({ event: 'account_locked', detail: '5 failed attempts (password)' }))).toBe('After 5 wrong passwords.')
    expect(detailText(entry({ event: 'account_locked', detail: '3 failed attempts (challenge_answer)' }))).toBe(
      'After 3 wrong challenge answers.',
    )
    expect(detailText(entry({ event: 'account_created', detail: 'role office_manager' }))).toBe('Role: Office manager.')
    expect(detailText(entry({ event: 'inactivity_deactivated', detail: 'no sign-in for 60 days' }))).toBe(
      'No sign-in for 60 days; a reactivation request brings it back.',
    )
  })

  it('says what a help-desk unlock did', () => {
    expect(
      detailText(entry({ event: 'help_desk_unlock', detail: 'was locked (password); verification 7; temporary password issued; 1 sessions ended' })),
    ).toBe('Was locked after wrong passwords; a temporary password was issued, to be changed at the next sign-in; 1 session ended.')
    expect(
      detailText(entry({ event: 'help_desk_unlock', detail: 'was not locked; verification 8; temporary password issued; 0 sessions ended' })),
    ).toBe('Was not locked; a temporary password was issued, to be changed at the next sign-in; 0 sessions ended.')
  })

  it('keeps any other detail as the portal wrote it, and none as none', () => {
    const misses = '3 failed help-desk verifications in a row'
    expect(detailText(entry({ event: 'help_desk_verify', outcome: 'no_match', detail: misses }))).toBe(misses)
    // The request shape is only read for request events.
    expect(detailText(entry({ event: 'sign_in', detail: 'request 1 (new_user) submitted' }))).toBe('request 1 (new_user) submitted')
    expect(detailText(entry({ detail: null }))).toBeNull()
    expect(detailText(entry({ detail: '  ' }))).toBeNull()
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
