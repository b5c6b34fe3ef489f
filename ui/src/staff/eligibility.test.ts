import { describe, expect, it } from 'vitest'
import type { DealerUser } from '../api/requests'
import { eligibility, openReactivations, type PersonKind } from './eligibility'

const base: DealerUser = {
  user_id: 'jchen', first_name: 'James', last_name: 'Chen', email: 'j@x.example', role: 'staff', job_role: null,
  status: 'active', lock: null, failed_attempts: 0, last_sign_in_at: null,
  inactivity: { status: 'active', deactivates_at: '2027-01-19T13:15:00Z' },
  two_step_on: false, phone: null, applications: ['smartcash'],
}
const ranOut = { status: 'inactive', since: '2026-11-10T17:20:00Z' } as const
const context = { me: 'mgarcia', reactivationsOpen: { dkim: { id: 1047 } } }

type Row = [string, Partial<DealerUser>, PersonKind, true | string]
// Who each request applies to, and what the picker says of the others.
const table: Row[] = [
  ['active, holding applications', {}, 'remove_application_access', true],
  ['locked, holding applications', { status: 'locked' }, 'remove_application_access', true],
  ['inactive, holding applications', { status: 'inactive', inactivity: ranOut }, 'remove_application_access', true],
  ['active, holding none', { applications: [] }, 'remove_application_access', 'Holds no applications'],
  ['pending', { status: 'pending', applications: ['smartcash'] }, 'remove_application_access', 'Pending: holds no applications yet'],
  ['deactivated', { status: 'deactivated' }, 'remove_application_access', 'Deactivated: holds no applications'],

  ['inactive', { status: 'inactive', inactivity: ranOut }, 'reactivation', true],
  ['active past 60 days, before the nightly job', { inactivity: ranOut }, 'reactivation', true],
  ['inactive, with a reactivation open', { user_id: 'dkim', status: 'inactive', inactivity: ranOut }, 'reactivation', 'Reactivation already requested (request #1047)'],
  ['active', {}, 'reactivation', 'Active: only inactive user IDs are reactivated'],
  ['locked', { status: 'locked' }, 'reactivation', 'Locked, not inactive: the help desk unlocks it'],
  ['pending', { status: 'pending', inactivity: null }, 'reactivation', 'Pending: not set up yet'],
  ['deactivated', { status: 'deactivated', inactivity: null }, 'reactivation', 'Deactivated: file a new-user request instead'],

  ['active', {}, 'deactivation', true],
  ['locked', { status: 'locked' }, 'deactivation', true],
  ['inactive', { status: 'inactive', inactivity: ranOut }, 'deactivation', true],
  ['active, holding no applications', { applications: [] }, 'deactivation', true],
  ['the office manager herself', { user_id: 'mgarcia' }, 'deactivation', 'This is you: you cannot end your own access'],
  ['pending', { status: 'pending' }, 'deactivation', 'Pending: cancel their new-user request instead'],
  ['deactivated', { status: 'deactivated' }, 'deactivation', 'Already deactivated'],
]

describe('who a request about an existing person applies to', () => {
  it.each(table)('%s: %s → %s', (_who, change, kind, expected) => {
    const found = eligibility(kind, { ...base, ...change }, context)
    expect(found, 'eligible, or the reason in words').toEqual(expected === true ? { ok: true } : { ok: false, reason: expected })
  })

  it('counts only reactivation requests still open', () => {
    const request = (user_id: string, kind: 'reactivation' | 'deactivation', state: 'submitted' | 'completed', id: number) =>
      ({ id, kind, state, user_id }) as Parameters<typeof openReactivations>[0][number]
    const open = openReactivations([
      request('dkim', 'reactivation', 'submitted', 1047),
      request('apatel', 'reactivation', 'completed', 1030),
      request('tsmith', 'deactivation', 'submitted', 1039),
    ])
    expect(Object.keys(open)).toEqual(['dkim'])
  })
})
