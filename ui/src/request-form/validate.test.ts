import { describe, expect, it } from 'vitest'
import { checkEmail, checkPhone, checkUserId, emptyValues, portalErrors, toRequestForm, validate } from './validate'

const newUser = {
  ...emptyValues('new_user'),
  first_name: 'Sara',
  last_name: 'Lopez',
  email: 'sara.lopez@lakeside.example',
  business_phone: '(312) 555-0140',
  role: 'salesperson',
  user_id: 'slopez',
  applications: ['smartcash'],
}

describe('the form’s checks mirror dealer-core', () => {
  it('accepts user IDs of 3 to 32 letters, digits, dot, underscore, hyphen', () => {
    expect(checkUserId('j.smith-2')).toBeNull()
    expect(checkUserId('JSmith')).toBeNull()
    expect(checkUserId('js')).toMatch(/3 to 32 characters/)
    expect(checkUserId('j smith')).toMatch(/3 to 32 characters/)
    expect(checkUserId('a'.repeat(33))).toMatch(/3 to 32 characters/)
    expect(checkUserId('')).toBe('User ID is required')
  })

  it('accepts ordinary email addresses and refuses broken ones', () => {
    expect(checkEmail(' Sara.Lopez+x@Lakeside.example ')).toBeNull()
    for (const bad of ['sara', 'sara@', '@lakeside.example', 'sara@lakeside', 'sa..ra@x.com', 'sara@-x.com', 'sara@x.c0m']) {
      expect(checkEmail(bad), bad).toBe('Email address must look like name@dealership.com')
    }
  })

  it('accepts North American numbers with an extension, and international ones', () => {
    for (const ok of ['(312) 555-0140', '312.555.0140', '1 312 555 0140', '312-555-0140 x12', '312 555 0140 ext. 7', '+44 20 7946 0958']) {
      expect(checkPhone(ok), ok).toBeNull()
    }
    for (const bad of ['555-0140', '(012) 555-0140', '312 155 0140', '312 555 0140 x', '+0 123 4567 890', 'call me']) {
      expect(checkPhone(bad), bad).toMatch(/10-digit North American number/)
    }
  })

  it('asks each kind only for its own fields', () => {
    expect(validate(newUser)).toEqual({})
    expect(Object.keys(validate(emptyValues('new_user')))).toEqual([
      'first_name', 'last_name', 'email', 'business_phone', 'role', 'user_id', 'applications',
    ])
    expect(validate({ ...emptyValues('reactivation'), user_id: 'apatel' })).toEqual({})
    expect(Object.keys(validate(emptyValues('remove_application_access')))).toEqual(['user_id', 'applications'])
    expect(validate(emptyValues('reactivation')).user_id, 'someone who has a user ID is chosen, not typed').toBe(
      'Choose who this request is for from the list',
    )
    expect(validate(emptyValues('new_user')).user_id).toBe('User ID is required')
    expect(validate({ ...emptyValues('deactivation'), user_id: 'rbrooks' })).toEqual({
      reason: 'Say why access ends (for example: left the dealership)',
    })
    expect(validate({ ...emptyValues('deactivation'), user_id: 'rbrooks', reason: 'x'.repeat(501) }).reason).toMatch(/under 500/)
  })

  it('needs a description with the role "other", within 60 characters', () => {
    expect(validate({ ...newUser, role: 'other' })).toEqual({ role_other: 'Role description is required' })
    expect(validate({ ...newUser, role: 'other', role_other: 'F&I' })).toEqual({})
    expect(validate({ ...newUser, role: 'other', role_other: 'x'.repeat(61) }).role_other).toMatch(/at most 60/)
    expect(validate({ ...newUser, first_name: 'Sa\tra' }).first_name).toMatch(/control characters/)
    expect(validate({ ...newUser, first_name: 'x'.repeat(65) }).first_name).toBe('First name must be at most 64 characters')
  })
})

describe('what is sent', () => {
  it('holds only the fields of the kind, trimmed', () => {
    expect(toRequestForm({ ...newUser, first_name: ' Sara ', reason: 'left over' })).toEqual({
      kind: 'new_user', first_name: 'Sara', last_name: 'Lopez', email: 'sara.lopez@lakeside.example',
      business_phone: '(312) 555-0140', role: 'salesperson', role_other: null, user_id: 'slopez', applications: ['smartcash'],
    })
    expect(toRequestForm({ ...newUser, kind: 'reactivation' })).toEqual({ kind: 'reactivation', user_id: 'slopez' })
    expect(toRequestForm({ ...newUser, kind: 'deactivation', reason: '  left   the dealership ' })).toEqual({
      kind: 'deactivation', user_id: 'slopez', reason: 'left the dealership',
    })
  })

  it('puts the portal’s errors on their fields, a role problem with "other" on the description', () => {
    const { byField, other } = portalErrors(
      [
        { field: 'email', message: 'taken' },
        { field: 'role', message: 'Role description is required' },
        { field: 'pdn', message: 'no such dealership' },
      ],
      { ...newUser, role: 'other' },
    )
    expect(byField).toEqual({ email: 'taken', role_other: 'Role description is required' })
    expect(other).toEqual(['no such dealership'])
  })
})
