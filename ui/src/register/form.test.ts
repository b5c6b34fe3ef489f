import { describe, expect, it } from 'vitest'
import { Checks } from './form.svelte'

describe('Checks: what shows under a field', () => {
  const make = (value: { pdn: string }) => new Checks(() => ({ pdn: value.pdn.length === 5 ? null : 'Five digits.' }))

  it('says nothing until the field is left or the form submitted, then follows the typing', () => {
    const value = { pdn: '12' }
    const checks = make(value)
    expect(checks.error('pdn'), 'not while first typing').toBeNull()
    checks.touch('pdn')
    expect(checks.error('pdn')).toBe('Five digits.')
    value.pdn = '01234'
    expect(checks.error('pdn'), 'gone as soon as it is fixed').toBeNull()
  })

  it('on submit shows every check and says whether the step may go on', () => {
    const value = { pdn: '' }
    const checks = make(value)
    expect(checks.submit()).toBe(false)
    expect(checks.error('pdn')).toBe('Five digits.')
    value.pdn = '01234'
    expect(checks.submit()).toBe(true)
  })

  it('shows the portal’s message until the field is changed', () => {
    const checks = make({ pdn: '09999' })
    checks.fromPortal([{ field: 'pdn', message: 'No active dealership has this PDN.' }])
    expect(checks.error('pdn')).toBe('No active dealership has this PDN.')
    checks.edit('pdn')
    expect(checks.error('pdn')).toBeNull()
  })

  it('joins two portal messages about one field', () => {
    const checks = make({ pdn: '01234' })
    checks.fromPortal([
      { field: 'pdn', message: 'One.' },
      { field: 'pdn', message: 'Two.' },
    ])
    expect(checks.error('pdn')).toBe('One. Two.')
  })
})
