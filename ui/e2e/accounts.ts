// The fake portal's side of registration, enrollment, the forced password change and the
// help-desk console, for the specs of those screens. Test data only, no real secret.
import type { ApplicationInfo } from '../src/bindings/ApplicationInfo'
import type { HelpDeskUser } from '../src/bindings/HelpDeskUser'
import type { CallerMatch } from '../src/bindings/CallerMatch'
import type { Me } from '../src/bindings/Me'
import type { QuestionText } from '../src/bindings/QuestionText'
import type { Registered } from '../src/bindings/app/Registered'
import { CommandFailure, manager, managerPassword, type MockApp } from './fixtures'

/** dealer-core's question catalogue (the first few are enough for the tests). */
export const catalogue: QuestionText[] = [
  { id: 'first_car_model', text: 'What was the make and model of your first car?' },
  { id: 'first_pet_name', text: 'What was the name of your first pet?' },
  { id: 'childhood_best_friend', text: 'What was the first name of your best friend as a child?' },
  { id: 'childhood_street', text: 'What was the name of the street you grew up on?' },
  { id: 'elementary_school', text: 'What was the name of your elementary school?' },
  { id: 'first_employer', text: 'What was the name of the company you first worked for?' },
]

export const applications: ApplicationInfo[] = [
  { key: 'smartcash', name: 'SmartCash', needs_additional_steps: false },
  { key: 'intellirater', name: 'IntelliRater', needs_additional_steps: false },
  { key: 'smartauction', name: 'SmartAuction', needs_additional_steps: true },
]

export const UNKNOWN_PDN =
  'We could not find an active dealership with that PDN. Check the five digits with your office manager.'

/** The code "mailed" to the registrant, and until when it works (10 minutes). */
export const emailCode = '042917'
export const codeExpiresAt = '2026-12-01T15:14:00Z'
export const WRONG_CODE =
  'That code is not right, or it no longer works. Check the latest mail from Dealer Access, or ask for a new code.'

/** Submitted on Tuesday, December 1, 2026 (ET); due the next business day at 5 pm ET. */
export const registered: Registered = { request_id: 1042, state: 'submitted', due_at: '2026-12-02T22:00:00Z', kept: true }

/** The portal's password policy as far as the tests go: at least 15 characters. */
export function weakPassword(password: string): CommandFailure | null {
  const length = [...password].length
  return length < 15
    ? new CommandFailure(
        'weak_password',
        `This password is too short (${length} characters). Use at least 15 characters; a few unrelated words make a strong, memorable password.`,
      )
    : null
}

export function mockRegistration(app: MockApp) {
  app.on('dealer_name', (args) => {
    if (args.pdn === '01234') return { pdn: '01234', name: 'Lakeside Motors' }
    throw new CommandFailure('unknown_pdn', UNKNOWN_PDN)
  })
  app.on('applications', () => applications)
  app.on('question_catalogue', () => catalogue)
  app.on('send_email_code', (args) => ({ email: String(args.email).trim(), expires_at: codeExpiresAt }))
  app.on('confirm_email_code', (args) => {
    if (args.code === emailCode) return { email: 'priya.shah@lakeside.example', expires_at: '2026-12-01T16:04:00Z' }
    throw new CommandFailure('wrong_code', WRONG_CODE)
  })
  app.on('check_user_id', (args) => {
    const check = args.check
    const taken = check.user_id.toLowerCase() === manager.user_id
    return {
      user_id: check.user_id.toLowerCase(),
      available: !taken,
      suggestions: taken ? ['mgarcia2', 'm.garcia'] : [],
      checks_left: 19,
    }
  })
  app.on('register', (args) => {
    const form = args.form
    if (form.user_id.toLowerCase() === manager.user_id) {
      throw new CommandFailure('user_id_taken', `The user ID ${manager.user_id} is already taken.`, {
        suggestions: ['mgarcia2', 'm.garcia'],
      })
    }
    const weak = weakPassword(form.password)
    if (weak) {
      throw new CommandFailure('invalid_form', `Please correct: password: ${weak.message}`, {
        fields: [{ field: 'password', message: weak.message }],
      })
    }
    return registered
  })
  app.on('registration_status', (args) => ({
    request_id: args.requestId,
    user_id: 'pshah',
    dealership_name: 'Lakeside Motors',
    state: 'in_review',
    due_at: registered.due_at,
    overdue: false,
    history: [
      { at: '2026-12-01T15:04:00Z', actor: null, action: 'submit', from: null, to: 'submitted', note: null },
      { at: '2026-12-01T16:30:00Z', actor: 'reviewer.sam', action: 'start_review', from: 'submitted', to: 'in_review', note: null },
    ],
  }))
}

export const enrollmentCode = 'K7Q2-M9XD'

export function mockEnrollment(app: MockApp) {
  app.on('question_catalogue', () => catalogue)
  app.on('enroll', (args) => {
    const form = args.form
    if (form.user_id !== 'tnguyen' || form.code !== enrollmentCode) {
      throw new CommandFailure(
        'invalid_enrollment',
        'This user ID and enrollment code do not match, the code was used already, or it expired (codes work for 7 days). Check the email and try again; otherwise ask your office manager or call the Dealer Services Help Desk at 1-800-555-0142 (open now until 8 pm ET).',
      )
    }
    const weak = weakPassword(form.password)
    if (weak) throw weak
    return null
  })
}

/** A staff member the help desk unlocked: signed in with the temporary password. */
export const unlocked: Me = {
  ...manager,
  user_id: 'jchen',
  first_name: 'James',
  last_name: 'Chen',
  role: 'staff',
  email: 'james.chen@lakeside.example',
  must_change_password: true,
  two_step_setup_required: false,
}
export const temporaryPassword = 'Tmp-4821-kite-ocean'

export function mockForcedChange(app: MockApp) {
  let changed = false
  app.on('sign_in', (args) => {
    if (args.userId === unlocked.user_id && args.password === temporaryPassword) {
      return { user: unlocked, remembered: false, keychain_notice: null }
    }
    throw new CommandFailure('invalid_credentials', 'The user ID or password is not right.')
  })
  app.on('change_password', (args) => {
    if (args.currentPassword !== temporaryPassword) {
      throw new CommandFailure(
        'wrong_password',
        'The current password is not right. After 4 more failed attempts online access is locked and only the help desk can unlock it.',
      )
    }
    const weak = weakPassword(String(args.newPassword))
    if (weak) throw weak
    changed = true
    return null
  })
  app.on('current_user', () => ({ ...unlocked, must_change_password: !changed }))
}

/** A help-desk person, and the callers they can look up. */
export const helpDeskUser: Me = {
  user_id: 'helpdesk.kim',
  first_name: 'Kim',
  last_name: 'Nguyen',
  email: 'kim.nguyen@provider.example',
  phone: null,
  role: 'help_desk',
  pdn: null,
  dealership_name: null,
  must_change_password: false,
  two_step_setup_required: false,
  last_sign_in_at: '2026-11-29T13:00:00Z',
  deactivates_at: null,
}
export const helpDeskPassword = managerPassword

export const lockedCaller: HelpDeskUser = {
  user_id: 'jchen',
  first_name: 'James',
  last_name: 'Chen',
  role: 'staff',
  pdn: '01234',
  dealership_name: 'Lakeside Motors',
  status: 'locked',
  lock: { since: '2026-11-28T16:40:00Z', kind: 'password', failures: 5 },
  failed_attempts: 5,
  verify_failures: 0,
  secret_question: 'What was the name of the company you first worked for?',
  two_step_on: false,
  email: 'james.chen@lakeside.example',
  phone: '+13125550142',
  verify_tries_left: 3,
  office_managers: [
    { user_id: 'mgarcia', first_name: 'Maria', last_name: 'Garcia', email: 'maria.garcia@lakeside.example', phone: '+13125550100' },
  ],
  recent_events: [
    { id: 41, at: '2026-11-28T16:40:00Z', event: 'account_locked', outcome: 'locked', actor: 'jchen', target: 'jchen', detail: { type: 'failed_attempts', failures: 5, attempt_kind: 'password' } },
    { id: 40, at: '2026-11-28T16:39:10Z', event: 'sign_in', outcome: 'wrong_password', actor: 'jchen', target: 'jchen', detail: null },
    { id: 12, at: '2026-11-20T13:15:00Z', event: 'sign_in', outcome: 'success', actor: 'jchen', target: 'jchen', detail: null },
  ],
}
/** A caller as the help desk's search lists them. */
export const matchOf = (c: HelpDeskUser): CallerMatch => ({
  user_id: c.user_id,
  first_name: c.first_name,
  last_name: c.last_name,
  email: c.email,
  role: c.role,
  pdn: c.pdn,
  dealership_name: c.dealership_name,
  status: c.status,
})
export const callerAnswer = 'Harbor Freight'
export const issuedPassword = 'vivid-mango-47-orbit'

export function mockHelpDesk(app: MockApp) {
  let caller = structuredClone(lockedCaller)
  let verifiedAt: number | null = null
  app.on('sign_in', (args) => {
    if (args.userId === helpDeskUser.user_id && args.password === helpDeskPassword) {
      return { user: helpDeskUser, remembered: false, keychain_notice: null }
    }
    throw new CommandFailure('invalid_credentials', 'The user ID or password is not right.')
  })
  // Everyone the search can find: the locked caller, someone still enrolling, and two
  // more Chens, so "chen" lists three people.
  const people: CallerMatch[] = [
    { ...matchOf(lockedCaller) },
    { user_id: 'tnguyen', first_name: 'Tam', last_name: 'Nguyen', email: 'tam.nguyen@lakeside.example', role: 'staff', pdn: '01234', dealership_name: 'Lakeside Motors', status: 'active' },
    { user_id: 'achen', first_name: 'Amy', last_name: 'Chen', email: 'amy.chen@hilltop.example', role: 'staff', pdn: '56789', dealership_name: 'Hilltop Auto Group', status: 'active' },
    { user_id: 'lchen', first_name: 'Lin', last_name: 'Chen', email: 'lin.chen@provider.example', role: 'reviewer', pdn: null, dealership_name: null, status: 'inactive' },
  ]
  app.on('help_desk_search', (args) => {
    const { q, offset = 0, limit = 20 } = args.search as { q: string; offset?: number; limit?: number }
    const needle = q.trim().toLowerCase()
    if ([...needle].length < 2) throw new CommandFailure('bad_request', 'Type 2 to 100 characters of a name, user ID, email or PDN.')
    const all = people
      .filter((p) => [p.user_id, `${p.first_name} ${p.last_name}`.toLowerCase(), p.email.toLowerCase()].some((t) => t.includes(needle)) || p.pdn === needle)
      .sort((a, b) => a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name) || a.user_id.localeCompare(b.user_id))
    const matches = all.slice(offset, offset + limit)
    const next = offset + matches.length
    return { matches, total: all.length, next_offset: next < all.length ? next : null }
  })
  app.on('help_desk_find_user', (args) => {
    if (String(args.userId).toLowerCase() === caller.user_id) return caller
    if (String(args.userId).toLowerCase() === 'tnguyen') {
      const enrolling: HelpDeskUser = {
        ...lockedCaller,
        user_id: 'tnguyen',
        first_name: 'Tam',
        last_name: 'Nguyen',
        status: 'active',
        lock: null,
        failed_attempts: 0,
        secret_question: null,
      }
      return enrolling
    }
    throw new CommandFailure('not_found', 'Not found.')
  })
  app.on('help_desk_verify', (args) => {
    const norm = (a: unknown) => String(a).trim().replace(/\s+/g, ' ').toLowerCase()
    const matched = norm(args.answer) === norm(callerAnswer)
    if (matched) {
      verifiedAt = Date.now()
      caller.verify_failures = 0
    } else {
      caller.verify_failures += 1
      caller.verify_tries_left = Math.max(0, caller.verify_tries_left - 1)
    }
    return { matched }
  })
  app.on('help_desk_unlock', () => {
    if (verifiedAt === null) {
      throw new CommandFailure(
        'verification_required',
        'Verify the caller with their secret question first: an unlock needs a matched verification by you within the last 15 minutes, and each verification allows one unlock.',
      )
    }
    verifiedAt = null
    caller = { ...caller, status: 'active', lock: null, failed_attempts: 0 }
    return { temporary_password: issuedPassword, expires_at: '2026-11-30T15:00:00Z' }
  })
}
