// The fake portal's side of the signed-in screens: Lakeside Motors' staff and requests,
// the reviewers' queue, the request state machine, CSV import and the roster. Test data
// only. Nothing at this module's top level uses fixtures.ts (which installs these
// handlers in every MockApp), so the two may import each other.
import type { Page } from '@playwright/test'
import type { AuditEntry } from '../src/bindings/AuditEntry'
import type { ApplicationInfo } from '../src/bindings/ApplicationInfo'
import type { DealerUser } from '../src/bindings/DealerUser'
import type { FieldError } from '../src/bindings/FieldError'
import type { HistoryAction } from '../src/bindings/HistoryAction'
import type { ImportOutcome } from '../src/bindings/ImportOutcome'
import type { ImportReport } from '../src/bindings/ImportReport'
import type { ImportRow } from '../src/bindings/ImportRow'
import type { Me } from '../src/bindings/Me'
import type { RequestDetail } from '../src/bindings/RequestDetail'
import type { RequestEvent } from '../src/bindings/RequestEvent'
import type { RequestFilter } from '../src/bindings/RequestFilter'
import type { RequestPage } from '../src/bindings/RequestPage'
import type { RequestState } from '../src/bindings/RequestState'
import type { RequestSummary } from '../src/bindings/RequestSummary'
import { CommandFailure, type MockApp } from './fixtures'

/** The fixed "now" of these specs: Sunday, November 29, 2026, 10 am ET. */
export const now = new Date('2026-11-29T15:00:00Z')

export const reviewer: Me = {
  user_id: 'reviewer.sam',
  first_name: 'Sam',
  last_name: 'Patel',
  email: 'sam.patel@provider.example',
  phone: null,
  role: 'reviewer',
  pdn: null,
  dealership_name: null,
  must_change_password: false,
  two_step_setup_required: false,
  last_sign_in_at: '2026-11-27T13:30:00Z',
  deactivates_at: '2027-01-26T13:30:00Z',
}

export const catalogue: ApplicationInfo[] = [
  { key: 'smartcash', name: 'SmartCash', needs_additional_steps: false },
  { key: 'intellirater', name: 'IntelliRater', needs_additional_steps: false },
  { key: 'smartauction', name: 'SmartAuction', needs_additional_steps: true },
]

export const staff: DealerUser[] = [
  {
    user_id: 'mgarcia', first_name: 'Maria', last_name: 'Garcia', email: 'maria.garcia@lakeside.example',
    role: 'office_manager', job_role: 'Office manager', status: 'active', lock: null, failed_attempts: 0,
    last_sign_in_at: '2026-11-28T14:02:00Z', inactivity: { status: 'active', deactivates_at: '2027-01-27T14:02:00Z' },
    two_step_on: true, phone: '+13125550100', applications: ['intellirater', 'smartcash'],
  },
  {
    user_id: 'jchen', first_name: 'James', last_name: 'Chen', email: 'james.chen@lakeside.example',
    role: 'staff', job_role: 'Finance manager', status: 'locked',
    lock: { since: '2026-11-28T16:40:00Z', kind: 'password', failures: 5 }, failed_attempts: 5,
    last_sign_in_at: '2026-11-20T13:15:00Z', inactivity: { status: 'active', deactivates_at: '2027-01-19T13:15:00Z' },
    two_step_on: false, phone: '+13125550142', applications: ['smartauction', 'smartcash'],
  },
  {
    user_id: 'apatel', first_name: 'Anita', last_name: 'Patel', email: 'anita.patel@lakeside.example',
    role: 'staff', job_role: 'Salesperson', status: 'inactive', lock: null, failed_attempts: 0,
    last_sign_in_at: '2026-09-11T17:20:00Z', inactivity: { status: 'inactive', since: '2026-11-10T17:20:00Z' },
    two_step_on: false, phone: null, applications: ['smartcash'],
  },
  {
    user_id: 'rbrooks', first_name: 'Robert', last_name: 'Brooks', email: 'robert.brooks@lakeside.example',
    role: 'staff', job_role: 'Sales manager', status: 'active', lock: null, failed_attempts: 1,
    last_sign_in_at: '2026-10-04T14:00:00Z',
    inactivity: { status: 'deactivates_soon', deactivates_at: '2026-12-03T14:00:00Z', days_left: 4 },
    two_step_on: false, phone: '+13125550177', applications: ['intellirater', 'smartauction', 'smartcash'],
  },
  {
    user_id: 'lnguyen', first_name: 'Linh', last_name: 'Nguyen', email: 'linh.nguyen@lakeside.example',
    role: 'staff', job_role: 'Title clerk', status: 'pending', lock: null, failed_attempts: 0,
    last_sign_in_at: null, inactivity: null,
    two_step_on: false, phone: '+13125550188', applications: [],
  },
  {
    user_id: 'tsmith', first_name: 'Tom', last_name: 'Smith', email: 'tom.smith@lakeside.example',
    role: 'staff', job_role: 'Accounting', status: 'deactivated', lock: null, failed_attempts: 0,
    last_sign_in_at: '2026-11-02T15:00:00Z', inactivity: null,
    two_step_on: false, phone: null, applications: [],
  },
]

/** A request as the fake portal keeps it: its summary and the rest of its detail, flat. */
type Stored = RequestSummary & Omit<RequestDetail, 'request'>

const lakeside = { pdn: '01234', dealership_name: 'Lakeside Motors' }
const submit = (at: string, by: string | null = 'mgarcia'): RequestEvent => ({ at, actor: by, action: 'submit', from: null, to: 'submitted', note: null })

function seed(): Stored[] {
  return [
    {
      id: 1051, kind: 'new_user', state: 'submitted', ...lakeside, user_id: 'lnguyen', first_name: 'Linh', last_name: 'Nguyen',
      applications: ['smartcash', 'smartauction'], submitted_by: 'mgarcia', submitted_at: '2026-11-27T19:05:00Z',
      due_at: '2026-11-30T22:00:00Z', overdue: false, updated_at: '2026-11-27T19:05:00Z', email: 'linh.nguyen@lakeside.example',
      business_phone: '+13125550188', job_role: 'Title clerk', reason: null, needs_additional_steps: true,
      history: [submit('2026-11-27T19:05:00Z')],
    },
    {
      id: 1047, kind: 'reactivation', state: 'needs_info', ...lakeside, user_id: 'dkim', first_name: 'Daniel', last_name: 'Kim',
      applications: [], submitted_by: 'mgarcia', submitted_at: '2026-11-23T16:10:00Z', due_at: '2026-11-24T22:00:00Z',
      overdue: false, updated_at: '2026-11-24T15:30:00Z', email: 'daniel.kim@lakeside.example', business_phone: null,
      job_role: 'Salesperson', reason: null, needs_additional_steps: false,
      history: [
        submit('2026-11-23T16:10:00Z'),
        { at: '2026-11-24T14:00:00Z', actor: 'reviewer.sam', action: 'start_review', from: 'submitted', to: 'in_review', note: null },
        {
          at: '2026-11-24T15:30:00Z', actor: 'reviewer.sam', action: 'request_info', from: 'in_review', to: 'needs_info',
          note: 'Is Daniel still employed at Lakeside Motors? Please confirm his current role.',
        },
      ],
    },
    {
      id: 1044, kind: 'remove_application_access', state: 'in_review', ...lakeside, user_id: 'rbrooks', first_name: 'Robert',
      last_name: 'Brooks', applications: ['intellirater'], submitted_by: 'mgarcia', submitted_at: '2026-11-24T15:00:00Z',
      due_at: '2026-11-25T22:00:00Z', overdue: true, updated_at: '2026-11-28T15:12:00Z', email: 'robert.brooks@lakeside.example',
      business_phone: null, job_role: 'Sales manager', reason: null, needs_additional_steps: false,
      history: [
        submit('2026-11-24T15:00:00Z'),
        { at: '2026-11-28T15:12:00Z', actor: 'reviewer.sam', action: 'start_review', from: 'submitted', to: 'in_review', note: null },
      ],
    },
    {
      id: 1039, kind: 'deactivation', state: 'completed', ...lakeside, user_id: 'tsmith', first_name: 'Tom', last_name: 'Smith',
      applications: [], submitted_by: 'mgarcia', submitted_at: '2026-11-16T21:00:00Z', due_at: '2026-11-17T22:00:00Z',
      overdue: false, updated_at: '2026-11-17T16:00:00Z', email: 'tom.smith@lakeside.example', business_phone: null,
      job_role: 'Accounting', reason: 'Left the dealership on November 13.', needs_additional_steps: false,
      history: [
        submit('2026-11-16T21:00:00Z'),
        { at: '2026-11-17T14:00:00Z', actor: 'reviewer.sam', action: 'start_review', from: 'submitted', to: 'in_review', note: null },
        { at: '2026-11-17T15:00:00Z', actor: 'reviewer.sam', action: 'approve', from: 'in_review', to: 'approved', note: null },
        { at: '2026-11-17T16:00:00Z', actor: 'reviewer.sam', action: 'complete', from: 'approved', to: 'completed', note: null },
      ],
    },
    {
      id: 1046, kind: 'self_registration', state: 'submitted', pdn: '56789', dealership_name: 'Hilltop Auto Group',
      user_id: 'kowens', first_name: 'Kara', last_name: 'Owens', applications: ['smartcash'], submitted_by: null,
      submitted_at: '2026-11-20T20:45:00Z', due_at: '2026-11-23T22:00:00Z', overdue: true, updated_at: '2026-11-20T20:45:00Z',
      email: 'kara.owens@hilltop.example', business_phone: '+16155550101', job_role: 'Salesperson', reason: null,
      needs_additional_steps: false, history: [submit('2026-11-20T20:45:00Z', null)],
    },
    {
      id: 1050, kind: 'new_user', state: 'approved', pdn: '56789', dealership_name: 'Hilltop Auto Group', user_id: 'pwright',
      first_name: 'Paul', last_name: 'Wright', applications: ['intellirater'], submitted_by: 'dwright',
      submitted_at: '2026-11-25T14:20:00Z', due_at: '2026-11-27T22:00:00Z', overdue: false, updated_at: '2026-11-27T15:00:00Z',
      email: 'paul.wright@hilltop.example', business_phone: '+14045550123', job_role: 'Finance manager', reason: null,
      needs_additional_steps: false,
      history: [
        submit('2026-11-25T14:20:00Z', 'dwright'),
        { at: '2026-11-27T14:00:00Z', actor: 'reviewer.sam', action: 'start_review', from: 'submitted', to: 'in_review', note: null },
        { at: '2026-11-27T15:00:00Z', actor: 'reviewer.sam', action: 'approve', from: 'in_review', to: 'approved', note: null },
      ],
    },
  ]
}

const summary = (r: Stored): RequestSummary => ({
  id: r.id, kind: r.kind, state: r.state, pdn: r.pdn, dealership_name: r.dealership_name, user_id: r.user_id,
  first_name: r.first_name, last_name: r.last_name, applications: r.applications, submitted_by: r.submitted_by,
  submitted_at: r.submitted_at, due_at: r.due_at, overdue: r.overdue, updated_at: r.updated_at,
})
export const detailOf = (r: Stored): RequestDetail => ({
  request: summary(r),
  email: r.email,
  business_phone: r.business_phone,
  job_role: r.job_role,
  reason: r.reason,
  needs_additional_steps: r.needs_additional_steps,
  history: r.history,
})

const terminal = (s: RequestState) => s === 'completed' || s === 'rejected' || s === 'cancelled'
const wrongState = (r: Stored) =>
  new CommandFailure('wrong_state', `A request that is ${r.state.replace('_', ' ')} cannot be changed this way.`)

function page(list: Stored[], filter: RequestFilter): RequestPage {
  const limit = Number(filter.limit ?? 50)
  // The portal's cursors are opaque; the mock's is the position of the next row.
  const offset = Number(filter.after ?? 0)
  const q = String(filter.q ?? '').toLowerCase()
  const found = list.filter(
    (r) =>
      (!filter.state || r.state === filter.state) &&
      (!filter.kind || r.kind === filter.kind) &&
      (filter.overdue === undefined || r.overdue === filter.overdue) &&
      (!filter.pdn || r.pdn === filter.pdn) &&
      (!filter.user_id || r.user_id === filter.user_id) &&
      (!filter.waiting_on || (filter.waiting_on === 'dealership') === (r.state === 'needs_info')) &&
      (!q || `${r.user_id} ${r.first_name} ${r.last_name}`.toLowerCase().includes(q)),
  )
  const requests = found.slice(offset, offset + limit).map(summary)
  return {
    requests,
    total: Math.min(found.length, 1000),
    total_capped: found.length > 1000,
    next_after: offset + limit < found.length ? String(offset + limit) : null,
  }
}

/** Installs the signed-in side's commands on `app`, over a store of its own. */
export function mockRequests(app: MockApp) {
  const store = seed()
  let nextId = 1052
  const find = (id: unknown) => {
    const r = store.find((x) => x.id === Number(id))
    if (!r) throw new CommandFailure('not_found', 'The requested resource was not found')
    return r
  }
  const move = (r: Stored, actor: string, action: HistoryAction, to: RequestState, note: string | null) => {
    r.history.push({ at: now.toISOString(), actor, action, from: r.state, to, note })
    r.state = to
    r.updated_at = now.toISOString()
  }

  app.on('applications', () => catalogue)
  app.on('dealer_users', (args) => {
    const filter = args.filter ?? {}
    const q = String(filter.q ?? '').toLowerCase()
    return staff.filter(
      (u) =>
        (!filter.status || u.status === filter.status) &&
        (!q || `${u.user_id} ${u.first_name} ${u.last_name}`.toLowerCase().includes(q)),
    )
  })
  app.on('dealer_requests', (args) => {
    const mine = store.filter((r) => r.pdn === '01234').sort((a, b) => b.submitted_at.localeCompare(a.submitted_at))
    return page(mine, args.filter ?? {})
  })
  // One person's events, for the staff panel (the Audit log page has its own).
  app.on('dealer_audit', (args) => {
    const who = args.page?.user_id
    const entries: AuditEntry[] = who === 'jchen'
      ? [
          { id: 41, at: '2026-11-28T16:40:00Z', event: 'account_locked', outcome: 'locked', actor: 'jchen', target: 'jchen', detail: { type: 'failed_attempts', failures: 5, attempt_kind: 'password' } },
          { id: 40, at: '2026-11-28T16:39:10Z', event: 'sign_in', outcome: 'wrong_password', actor: 'jchen', target: 'jchen', detail: null },
          { id: 12, at: '2026-11-20T13:15:00Z', event: 'sign_in', outcome: 'success', actor: 'jchen', target: 'jchen', detail: null },
        ]
      : who === 'rbrooks'
        ? [
            { id: 38, at: '2026-11-27T15:10:00Z', event: 'sign_in', outcome: 'wrong_password', actor: 'rbrooks', target: 'rbrooks', detail: null },
            { id: 7, at: '2026-10-04T14:00:00Z', event: 'sign_in', outcome: 'success', actor: 'rbrooks', target: 'rbrooks', detail: null },
          ]
        : []
    return { entries, next_before: null }
  })
  app.on('review_queue', (args) => {
    // Open requests unless a state is asked for (the portal's `open_only` gives way to `state`).
    const filter = args.filter ?? {}
    const order: Record<string, (a: Stored, b: Stored) => number> = {
      due: (a, b) => a.due_at.localeCompare(b.due_at) || a.id - b.id,
      waiting: (a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id,
      dealership: (a, b) => a.dealership_name.localeCompare(b.dealership_name) || a.due_at.localeCompare(b.due_at),
    }
    const shown = store.filter((r) => filter.state || !terminal(r.state)).sort(order[filter.sort ?? 'due'])
    return page(shown, filter)
  })
  app.on('request_detail', (args) => detailOf(find(args.id)))
  app.on('submit_request', (args) => {
    const form = args.form
    if (form.kind === 'new_user' && String(form.user_id).toLowerCase() === 'jsmith') {
      throw new CommandFailure('user_id_taken', 'This user ID is already taken', { suggestions: ['jsmith2', 'j.smith', 'jsmith.lm'] })
    }
    const person = staff.find((u) => u.user_id === String(form.user_id).toLowerCase())
    if (form.kind !== 'new_user' && !person) throw new CommandFailure('not_found', 'The requested resource was not found')
    if (form.kind === 'reactivation' && person?.status !== 'inactive') {
      throw new CommandFailure(
        'not_eligible',
        `${form.user_id} is ${person?.status}, not inactive: reactivation is only for user IDs with no sign-in for 60 days or more`,
      )
    }
    // Who it is for: as entered for a new user, else the person on the roster.
    const entered = form.kind === 'new_user' ? form : null
    const applications = 'applications' in form ? form.applications : []
    const r: Stored = {
      id: nextId++,
      kind: form.kind,
      state: 'submitted',
      ...lakeside,
      user_id: String(form.user_id).toLowerCase(),
      first_name: entered?.first_name ?? person?.first_name ?? '',
      last_name: entered?.last_name ?? person?.last_name ?? '',
      applications,
      submitted_by: 'mgarcia',
      submitted_at: now.toISOString(),
      due_at: '2026-11-30T22:00:00Z',
      overdue: false,
      updated_at: now.toISOString(),
      email: entered?.email ?? person?.email ?? '',
      business_phone: entered?.business_phone ?? null,
      job_role: entered?.role ?? person?.job_role ?? null,
      reason: form.kind === 'deactivation' ? form.reason : null,
      needs_additional_steps: applications.includes('smartauction'),
      history: [submit(now.toISOString())],
    }
    store.unshift(r)
    return detailOf(r)
  })
  app.on('answer_request', (args) => {
    const r = find(args.id)
    if (r.state !== 'needs_info') throw wrongState(r)
    move(r, 'mgarcia', 'answer_info', 'submitted', String(args.note))
    return detailOf(r)
  })
  app.on('cancel_request', (args) => {
    const r = find(args.id)
    if (terminal(r.state) || r.state === 'approved') throw wrongState(r)
    move(r, 'mgarcia', 'cancel', 'cancelled', args.note ?? null)
    return detailOf(r)
  })
  app.on('decide_request', (args) => {
    const r = find(args.id)
    const { action, note = null } = args.decision
    const to: Record<string, [RequestState[], RequestState]> = {
      start_review: [['submitted'], 'in_review'],
      approve: [['in_review'], 'approved'],
      reject: [['in_review'], 'rejected'],
      request_info: [['in_review', 'approved'], 'needs_info'],
      complete: [['approved'], 'completed'],
      cancel: [['submitted', 'in_review', 'needs_info', 'approved'], 'cancelled'],
    }
    const [from, next] = to[action]
    if (!from.includes(r.state)) throw wrongState(r)
    if ((action === 'reject' || action === 'request_info') && !note) {
      throw new CommandFailure('note_required', 'Give the reason for rejecting; the dealership reads it')
    }
    move(r, 'reviewer.sam', action, next, note)
    if (terminal(next) || next === 'needs_info') r.overdue = false
    return detailOf(r)
  })
  app.on('import_requests', (args) => importReport(String(args.csv)))
  app.on('roster_csv', () =>
    ['user_id,first_name,last_name,email,role,status', ...staff.map((u) => `${u.user_id},${u.first_name},${u.last_name},${u.email},${u.job_role},${u.status}`)].join('\r\n') + '\r\n',
  )
}

/** The portal's report for the import file: each row created, a duplicate or an error. */
export function importReport(csv: string): ImportReport {
  const [header, ...lines] = csv.trim().split(/\r?\n/)
  if (!header.includes('first_name')) {
    throw new CommandFailure('bad_request', 'The first row must name the columns; missing: first_name, last_name, email.')
  }
  const names = header.split(',')
  const rows = lines.map((line, i): ImportRow => {
    const cells = Object.fromEntries(line.split(',').map((v, j) => [names[j], v.trim()]))
    const errors: FieldError[] = []
    if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(cells.email ?? '')) {
      errors.push({ field: 'email', message: 'Email address must look like name@dealership.com' })
    }
    if (!cells.applications) errors.push({ field: 'applications', message: 'Choose at least one application' })
    const user_id = cells.user_id || null
    if (errors.length) return { row: i + 1, user_id, outcome: 'error', request_id: null, errors }
    if (user_id === 'jchen') return { row: i + 1, user_id, outcome: 'duplicate', request_id: null, errors: [] }
    return { row: i + 1, user_id, outcome: 'created', request_id: 1060 + i, errors: [] }
  })
  const count = (o: ImportOutcome) => rows.filter((r) => r.outcome === o).length
  return { created: count('created'), duplicates: count('duplicate'), errors: count('error'), rows }
}

/** Opens the app already signed in as `user` (a remembered session on a personal PC). */
export async function openSignedIn(page: Page, app: MockApp, user: Me) {
  app.settings.device_mode = 'personal'
  app.on('resume_session', () => ({ user, remembered: true, keychain_notice: null }))
  await page.clock.setFixedTime(now)
  await page.goto('/')
}
