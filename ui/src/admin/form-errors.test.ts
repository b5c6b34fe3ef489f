import { describe, expect, it } from 'vitest'
import { formProblems } from './form-errors'

describe('formProblems', () => {
  it('puts each invalid field next to its field', () => {
    const p = formProblems({
      code: 'invalid_form',
      message: 'Please correct: pdn',
      fields: [
        { field: 'pdn', message: 'A PDN is five digits' },
        { field: 'name', message: 'Dealership name is required' },
      ],
    })
    expect(p.fields).toEqual({ pdn: 'A PDN is five digits', name: 'Dealership name is required' })
    expect(p.form).toBeNull()
  })

  it('offers free user IDs when one is taken', () => {
    const p = formProblems({ code: 'user_id_taken', message: 'The user ID rvance is taken.', suggestions: ['rvance2'] })
    expect(p.fields.user_id).toBe('The user ID rvance is taken. Free: rvance2.')
  })

  it('shows a duplicate PDN on the PDN field, and anything else above the form', () => {
    const conflict = { code: 'conflict' as const, message: 'A dealership with PDN 40404 exists already.' }
    expect(formProblems(conflict, 'pdn').fields.pdn).toContain('40404')
    expect(formProblems(conflict).form).toEqual(conflict)
    const down = { code: 'unreachable' as const, message: 'The portal cannot be reached.' }
    expect(formProblems(down, 'pdn')).toEqual({ fields: {}, form: down })
  })
})
