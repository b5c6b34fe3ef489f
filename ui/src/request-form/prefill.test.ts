import { describe, expect, it } from 'vitest'
import type { DealerUser } from '../api/requests'
import { prefillFor, roleKeyOf } from './prefill'
import { toRequestForm } from './validate'

const james: DealerUser = {
  user_id: 'jchen', first_name: 'James', last_name: 'Chen', email: 'james.chen@lakeside.example', role: 'staff',
  job_role: 'Finance manager', status: 'locked', lock: null, failed_attempts: 5, last_sign_in_at: null, inactivity: null, two_step_on: false, phone: null, applications: [],
}

describe('a form started from a person’s row', () => {
  it('is filled for that person: kind, user ID, names, email and role', () => {
    const { values, person } = prefillFor('deactivation', james)
    expect(values).toMatchObject({
      kind: 'deactivation', user_id: 'jchen', first_name: 'James', last_name: 'Chen',
      email: 'james.chen@lakeside.example', role: 'finance_manager', reason: '', applications: [],
    })
    expect(person.job_role).toBe('Finance manager')
  })

  it('carries their business phone, formatted, and the applications they hold', () => {
    const held = { ...james, phone: '+13125550142', applications: ['smartauction', 'smartcash'] }
    const { values, person } = prefillFor('remove_application_access', held)
    expect(values.business_phone).toBe('(312) 555-0142')
    expect(person.applications).toEqual(['smartauction', 'smartcash'])
    expect(values.applications, 'nothing ticked for removal until the manager chooses').toEqual([])
    expect(toRequestForm(values)).toEqual({ kind: 'remove_application_access', user_id: 'jchen', applications: [] })
  })

  it('sends only what the kind asks for', () => {
    expect(toRequestForm(prefillFor('reactivation', james).values)).toEqual({ kind: 'reactivation', user_id: 'jchen' })
  })

  it('knows a role by its name, and keeps one it does not know as a description', () => {
    expect(roleKeyOf('Sales manager')).toBe('sales_manager')
    expect(roleKeyOf(null)).toBe('')
    const custom = prefillFor('deactivation', { ...james, job_role: 'F&I coordinator' }).values
    expect([custom.role, custom.role_other]).toEqual(['', 'F&I coordinator'])
  })
})
