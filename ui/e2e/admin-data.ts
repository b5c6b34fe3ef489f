// The provider admin's side of the mocked app: a small portal of dealerships, their
// people and the provider's staff that the admin screens change, with the refusals the
// real portal makes (a taken PDN or user ID, the last office manager, a closed dealership).
import type { DealershipSummary } from '../src/bindings/DealershipSummary'
import type { ImportOutcome } from '../src/bindings/ImportOutcome'
import type { Me } from '../src/bindings/Me'
import type { OnboardingReport } from '../src/bindings/OnboardingReport'
import type { OnboardingRow } from '../src/bindings/OnboardingRow'
import type { PersonSummary } from '../src/bindings/PersonSummary'
import { CommandFailure, type MockApp } from './fixtures'

export const admin: Me = {
  user_id: 'ada.admin',
  first_name: 'Ada',
  last_name: 'Byron',
  email: 'ada.byron@provider.example',
  phone: null,
  role: 'provider_admin',
  pdn: null,
  dealership_name: null,
  must_change_password: false,
  two_step_setup_required: false,
  last_sign_in_at: '2026-11-28T14:02:00Z',
  deactivates_at: null,
}

/** The password the fake portal accepts for `admin` (test data, not a real secret). */
export const adminPassword = 'granite harbor willow lantern'

/** Each person's mail domain, as in the demo: the provider's staff, Hilltop's, Lakeside's. */
const domain = (role: PersonSummary['role'], userId: string) =>
  role === 'provider_admin' || role === 'help_desk' || role === 'reviewer'
    ? 'provider.example'
    : ['dwright', 'bstone'].includes(userId)
      ? 'hilltop.example'
      : 'lakeside.example'

const person = (
  user_id: string,
  first_name: string,
  last_name: string,
  role: PersonSummary['role'],
  extra: Partial<PersonSummary> = {},
): PersonSummary => ({
  user_id,
  first_name,
  last_name,
  email: `${first_name}.${last_name}@${domain(role, user_id)}`.toLowerCase(),
  role,
  state: 'active',
  enrolled: true,
  last_sign_in_at: '2026-11-27T15:30:00Z',
  ...extra,
})

export function mockAdmin(app: MockApp) {
  const dealerships: DealershipSummary[] = [
    {
      pdn: '01234',
      name: 'Lakeside Motors',
      address: '400 Lakeshore Dr, Cleveland OH',
      phone: '+12165550100',
      closed_at: null,
      created_at: '2026-01-05T15:00:00Z',
      office_managers: 1,
      users: 5,
    },
    {
      pdn: '56789',
      name: 'Hilltop Auto Group',
      address: null,
      phone: null,
      closed_at: null,
      created_at: '2026-02-10T15:00:00Z',
      office_managers: 1,
      users: 2,
    },
  ]
  const people: Record<string, PersonSummary[]> = {
    '01234': [
      person('apatel', 'Anita', 'Patel', 'staff'),
      person('jchen', 'James', 'Chen', 'staff'),
      person('mgarcia', 'Maria', 'Garcia', 'office_manager'),
      person('rbrooks', 'Robert', 'Brooks', 'staff'),
      person('tnguyen', 'Tam', 'Nguyen', 'staff', { enrolled: false, last_sign_in_at: null }),
    ],
    '56789': [person('dwright', 'Dana', 'Wright', 'office_manager'), person('bstone', 'Bob', 'Stone', 'staff')],
  }
  const staff: PersonSummary[] = [
    person('ada.admin', 'Ada', 'Byron', 'provider_admin'),
    person('helpdesk.kim', 'Kim', 'Nguyen', 'help_desk'),
    person('reviewer.sam', 'Sam', 'Patel', 'reviewer'),
  ]
  const everyone = () => [...Object.values(people).flat(), ...staff]
  const find = (pdn: unknown) => {
    const d = dealerships.find((x) => x.pdn === pdn)
    if (!d) throw new CommandFailure('not_found', 'The requested resource was not found')
    return d
  }
  const recount = (d: DealershipSummary) => {
    const list = people[d.pdn] ?? []
    d.office_managers = list.filter((p) => p.role === 'office_manager' && p.state !== 'deactivated').length
    d.users = list.filter((p) => p.state !== 'deactivated').length
  }
  const taken = (userId: string) => {
    if (everyone().some((p) => p.user_id === userId)) {
      throw new CommandFailure('user_id_taken', `The user ID ${userId} is taken. Choose another.`, {
        suggestions: [`${userId}2`, `${userId}3`],
      })
    }
  }
  const invited = (p: PersonSummary, pdn: string | null) => ({
    user_id: p.user_id,
    email: p.email,
    role: p.role,
    pdn,
    expires_at: '2026-12-06T15:00:00Z',
  })
  const invitation = (input: Record<string, string>, role: PersonSummary['role']): PersonSummary => {
    const fields = [
      ['first_name', 'First name is required'],
      ['last_name', 'Last name is required'],
      ['email', 'Enter an email address like name@example.com'],
      ['user_id', 'A user ID is 3 to 32 letters, digits, dots, dashes or underscores'],
    ]
      .filter(([f]) => !String(input[f] ?? '').trim() || (f === 'email' && !String(input.email).includes('@')))
      .map(([field, message]) => ({ field, message }))
    if (fields.length) throw new CommandFailure('invalid_form', 'Please correct the form.', { fields })
    const userId = String(input.user_id).trim().toLowerCase()
    taken(userId)
    return person(userId, input.first_name, input.last_name, role, {
      email: input.email,
      enrolled: false,
      last_sign_in_at: null,
    })
  }

  app.on('sign_in', (args) => {
    if (args.userId === admin.user_id && args.password === adminPassword) {
      return { user: admin, remembered: false, keychain_notice: null }
    }
    throw new CommandFailure('invalid_credentials', 'The user ID or password is not right.')
  })
  app.on('admin_dealerships', (args) => {
    const q = String(args.q ?? '').toLowerCase()
    const items = dealerships
      .filter((d) => !q || d.pdn.includes(q) || d.name.toLowerCase().includes(q))
      .sort((a, b) => a.name.localeCompare(b.name))
    return { items: structuredClone(items), total: items.length }
  })
  app.on('admin_create_dealership', (args) => {
    const input = args.input
    const fields = []
    if (!/^\d{5}$/.test(input.pdn.trim())) fields.push({ field: 'pdn', message: 'A PDN is exactly five digits, like 01234' })
    if (!input.name.trim()) fields.push({ field: 'name', message: 'Dealership name is required' })
    if (fields.length) throw new CommandFailure('invalid_form', 'Please correct the form.', { fields })
    if (dealerships.some((d) => d.pdn === input.pdn.trim())) {
      throw new CommandFailure('conflict', `A dealership with PDN ${input.pdn.trim()} exists already. Search for it to change it.`)
    }
    const made: DealershipSummary = {
      pdn: input.pdn.trim(),
      name: input.name.trim(),
      address: input.address.trim() || null,
      phone: input.phone.trim() || null,
      closed_at: null,
      created_at: '2026-11-29T14:00:00Z',
      office_managers: 0,
      users: 0,
    }
    dealerships.push(made)
    people[made.pdn] = []
    return structuredClone(made)
  })
  app.on('admin_dealership', (args) => structuredClone(find(args.pdn)))
  app.on('admin_change_dealership', (args) => {
    const d = find(args.pdn)
    const input = args.input
    if (!input.name.trim()) {
      throw new CommandFailure('invalid_form', 'Please correct the form.', {
        fields: [{ field: 'name', message: 'Dealership name is required' }],
      })
    }
    d.name = input.name.trim()
    d.address = input.address.trim() || null
    d.phone = input.phone.trim() || null
    return structuredClone(d)
  })
  app.on('admin_set_dealership_open', (args) => {
    const d = find(args.pdn)
    if (args.open) d.closed_at = null
    else d.closed_at ??= '2026-11-29T14:30:00Z'
    return structuredClone(d)
  })
  app.on('admin_dealership_people', (args) => structuredClone(people[find(args.pdn).pdn] ?? []))
  app.on('admin_invite_office_manager', (args) => {
    const d = find(args.pdn)
    if (d.closed_at) throw new CommandFailure('conflict', `${d.name} (${d.pdn}) is closed. Reopen it before inviting anyone.`)
    const p = invitation(args.input, 'office_manager')
    people[d.pdn].push(p)
    recount(d)
    return invited(p, d.pdn)
  })
  app.on('admin_change_role', (args) => {
    for (const [pdn, list] of Object.entries(people)) {
      const p = list.find((x) => x.user_id === args.userId)
      if (!p) continue
      const managers = list.filter((x) => x.role === 'office_manager' && x.state !== 'deactivated')
      if (p.role === 'office_manager' && args.role === 'staff' && managers.length <= 1) {
        throw new CommandFailure(
          'last_office_manager',
          `${p.user_id} is the only office manager of ${pdn}. Make someone else office manager first, so the dealership can always file its requests.`,
        )
      }
      p.role = args.role
      recount(find(pdn))
      return structuredClone(p)
    }
    throw new CommandFailure('not_found', 'The requested resource was not found')
  })
  // The import: the portal's rules row by row (a PDN that exists under another name, a
  // taken user ID), and nothing made twice when the same file comes again.
  app.on('admin_import_dealerships', (args): OnboardingReport => {
    const [header, ...lines] = String(args.csv).trim().split('\n').map((l) => l.split(','))
    const at = (cells: string[], name: string) => (cells[header.indexOf(name)] ?? '').trim()
    const rows = lines.map((cells, i) => {
      const pdn = at(cells, 'pdn')
      const userId = at(cells, 'manager_user_id')
      const row: OnboardingRow = { row: i + 1, pdn, user_id: userId, outcome: 'error', dealership_created: false, errors: [] }
      const existing = dealerships.find((d) => d.pdn === pdn)
      if (existing && existing.name !== at(cells, 'name')) {
        row.errors.push({ field: 'name', message: `PDN ${pdn} exists as ${existing.name}. Change the row's name to match, or rename the dealership on its page.` })
        return row
      }
      const manager = everyone().find((p) => p.user_id === userId)
      if (existing && manager?.role === 'office_manager' && people[pdn].includes(manager)) {
        row.outcome = 'duplicate'
        return row
      }
      if (manager) {
        row.errors.push({ field: 'manager_user_id', message: `The user ID ${userId} is taken. Choose another.` })
        return row
      }
      if (!existing) {
        dealerships.push({ pdn, name: at(cells, 'name'), address: null, phone: null, closed_at: null, created_at: '2026-11-29T14:00:00Z', office_managers: 0, users: 0 })
        people[pdn] = []
        row.dealership_created = true
      }
      people[pdn].push(person(userId, at(cells, 'manager_first_name'), at(cells, 'manager_last_name'), 'office_manager', { enrolled: false, last_sign_in_at: null }))
      recount(find(pdn))
      row.outcome = 'created'
      return row
    })
    const count = (o: ImportOutcome) => rows.filter((r) => r.outcome === o).length
    return { created: count('created'), duplicates: count('duplicate'), errors: count('error'), rows }
  })
  app.on('admin_staff', () => structuredClone(staff))
  // Unlocks the help desk asked for: sam's (ada approves it), and ada's own (another
  // admin's to approve).
  const approvals = [
    { id: 7, action: 'unlock' as const, user_id: 'reviewer.sam', first_name: 'Sam', last_name: 'Patel', role: 'reviewer' as const, requested_by: 'helpdesk.kim', requested_at: '2026-11-29T14:20:00Z' },
    { id: 8, action: 'two_step_reset' as const, user_id: 'ada.admin', first_name: 'Ada', last_name: 'Byron', role: 'provider_admin' as const, requested_by: 'helpdesk.kim', requested_at: '2026-11-29T14:25:00Z' },
  ]
  app.on('admin_unlock_approvals', () => structuredClone(approvals))
  app.on('admin_approve_unlock', (args) => {
    const i = approvals.findIndex((a) => a.id === args.id)
    if (i < 0) throw new CommandFailure('not_found', 'The requested resource was not found')
    if (approvals[i].user_id === 'ada.admin') {
      throw new CommandFailure('forbidden', 'A second provider admin approves this: not the one who asked, and never for their own account.')
    }
    approvals.splice(i, 1)
    return null
  })
  app.on('admin_invite_staff', (args) => {
    const input = args.input
    const p = invitation(input, input.role)
    staff.push(p)
    return invited(p, null)
  })
  app.on('admin_set_staff_active', (args) => {
    const p = staff.find((x) => x.user_id === args.userId)
    if (!p) throw new CommandFailure('not_found', 'The requested resource was not found')
    p.state = args.active ? 'active' : 'deactivated'
    return structuredClone(p)
  })
}
